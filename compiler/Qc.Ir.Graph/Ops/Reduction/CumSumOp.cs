namespace Qc.Ir.Graph;

/// <summary>Cumulative sum along the axis given by the scalar second input; the result has the input's type.</summary>
public sealed class CumSumOp : Op
{
    internal CumSumOp(OpSchema schema, OpInit init)
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

        if (this.InputDims(1) is { Length: > 1 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"axis input {Input(1)!.Type} is not a scalar");
            return;
        }

        if (x.Dims is { } dims && context.GetStaticInts(Input(1)) is { Length: 1 } axis
            && !TensorAxes.TryAxis(this, context, axis[0], dims.Length, out _))
        {
            return;
        }

        this.SetResult(0, x);
    }
}
