using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>The i64 indices of the non-zero elements, as a [rank, count] tensor; the count is not known statically.</summary>
public sealed class NonZeroOp : Op
{
    internal NonZeroOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        this.SetResult(0, ElementType.I64, [x.Dims is { } d ? Dim.Of(d.Length) : Dim.Unknown, Dim.Unknown]);
    }
}
