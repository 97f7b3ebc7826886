using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>A cosine-sum window (HannWindow, HammingWindow, BlackmanWindow) of the given scalar size: a [size] tensor of
/// the <c>output_datatype</c> element type (default f32).</summary>
public sealed class WindowOp : Op
{
    internal WindowOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.ElementTypeAttribute(context, "output_datatype", ElementType.F32) is not { } type
            || this.PositiveScalar(context, 0, "size") is not { } size)
        {
            return;
        }

        this.SetResult(0, type, [size]);
    }
}
