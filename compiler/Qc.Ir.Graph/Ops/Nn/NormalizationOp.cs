namespace Qc.Ir.Graph;

/// <summary>A shape-preserving normalization with axis attributes: MeanVarianceNormalization (axes), LpNormalization
/// (axis, p of 1 or 2) and LRN (size across channels).</summary>
public sealed class NormalizationOp : Op
{
    internal NormalizationOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || !Validate(context, x))
        {
            return;
        }

        this.SetResult(0, x);
    }

    private bool Validate(InferenceContext context, TensorType x)
    {
        switch (Schema.OpType)
        {
            case "LRN":
                var size = Attributes.GetInt("size", 0);
                if (size < 1)
                {
                    context.Error(this, InferenceCodes.BadAttributeValue, $"size must be positive but is {size}");
                    return false;
                }

                return true;
            case "LpNormalization":
                var p = Attributes.GetInt("p", 2);
                if (p is not (1 or 2))
                {
                    context.Error(this, InferenceCodes.BadAttributeValue, $"p must be 1 or 2 but is {p}");
                    return false;
                }

                return CheckAxes(context, x, [Attributes.GetInt("axis", -1)]);
            default:
                return CheckAxes(context, x, Attributes.GetInts("axes") is { } axes ? [.. axes] : [0, 2, 3]);
        }
    }

    private bool CheckAxes(InferenceContext context, TensorType x, long[] axes)
    {
        if (x.Dims is not { } d)
        {
            return true;
        }

        foreach (var axis in axes)
        {
            if (!ShapeHelpers.TryNormalizeAxis(axis, d.Length, out _))
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"axis {axis} is out of range for rank {d.Length}");
                return false;
            }
        }

        return true;
    }
}
