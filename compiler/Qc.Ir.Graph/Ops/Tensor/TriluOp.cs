namespace Qc.Ir.Graph;

/// <summary>Keeps the upper or lower triangle (shifted by the optional <c>k</c> input) of the last two dims.</summary>
public sealed class TriluOp : Op
{
    internal TriluOp(OpSchema schema, OpInit init)
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

        if (x.Dims is { Length: < 2 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input {x} has rank below 2");
            return;
        }

        this.SetResult(0, x);
    }
}
