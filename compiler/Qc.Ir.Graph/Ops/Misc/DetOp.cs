namespace Qc.Ir.Graph;

/// <summary>Determinants of square matrices: input [*, M, M], result [*].</summary>
public sealed class DetOp : Op
{
    internal DetOp(OpSchema schema, OpInit init)
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

        if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        if (dims.Length < 2)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must have rank >= 2 but is {x}");
            return;
        }

        if (dims[^1].IsStatic && dims[^2].IsStatic && dims[^1].Value != dims[^2].Value)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"the matrices of {x} are not square");
            return;
        }

        this.SetResult(0, x.ElementType, dims[..^2]);
    }
}
