namespace Qc.Ir.Graph;

/// <summary>Global pooling over all spatial axes: GlobalAveragePool, GlobalMaxPool, GlobalLpPool. X (N, C, D1..Dn) gives
/// (N, C, 1..1).</summary>
public sealed class GlobalPoolOp : Op
{
    internal GlobalPoolOp(OpSchema schema, OpInit init)
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

        if (x.Dims is not { } d)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        if (d.Length < 2)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must have rank at least 2 but is {x}");
            return;
        }

        this.SetResult(0, x.ElementType, d.Select((dim, i) => i < 2 ? dim : Dim.Of(1)));
    }
}
