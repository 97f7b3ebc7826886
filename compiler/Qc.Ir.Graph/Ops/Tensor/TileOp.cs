namespace Qc.Ir.Graph;

/// <summary>Repeats a tensor along each dim by the counts of the <c>repeats</c> input.</summary>
public sealed class TileOp : Op
{
    internal TileOp(OpSchema schema, OpInit init)
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

        if (context.GetShapeValue(Input(1)) is not { } repeats)
        {
            this.SetResult(0, x.ElementType, TensorDimMath.Unknowns(dims.Length));
            return;
        }

        if (repeats.Length != dims.Length || repeats.Any(r => r.Value < 0))
        {
            context.Error(this, InferenceCodes.BadInput, $"repeats [{string.Join(", ", repeats)}] does not fit {x}");
            return;
        }

        this.SetResult(0, x.ElementType, dims.Select((d, i) => repeats[i] is { IsStatic: true } r ? TensorDimMath.Multiply(d, r.Value!.Value)
            : d.Value == 1 ? repeats[i] : Dim.Unknown));
    }
}
