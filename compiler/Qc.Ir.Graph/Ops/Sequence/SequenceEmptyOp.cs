using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Produces an empty sequence of tensors of the <c>dtype</c> element type (default f32), of known length 0.</summary>
public sealed class SequenceEmptyOp : Op
{
    internal SequenceEmptyOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.ElementTypeAttribute(context, "dtype", ElementType.F32) is { } element)
        {
            this.SetResult(0, new SequenceType(TensorType.Unranked(element)));
            context.SetSequenceLength(Result, 0);
        }
    }
}
