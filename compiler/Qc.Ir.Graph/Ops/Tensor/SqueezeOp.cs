namespace Qc.Ir.Graph;

/// <summary>Removes dims of size 1: those named by the optional <c>axes</c> input, or every static 1 when absent.</summary>
public sealed class SqueezeOp : Op
{
    internal SqueezeOp(OpSchema schema, OpInit init)
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

        List<Dim> output;
        if (Input(1) is null)
        {
            if (dims.Any(d => !d.IsStatic))
            {
                this.SetResultUnranked(0, x.ElementType);
                return;
            }

            output = [.. dims.Where(d => d.Value != 1)];
        }
        else if (context.GetStaticInts(Input(1)) is { } axes)
        {
            if (TensorAxes.Normalize(this, context, axes, dims.Length) is not { } normalized)
            {
                return;
            }

            foreach (var a in normalized)
            {
                if (dims[a].IsStatic && dims[a].Value != 1)
                {
                    context.Error(this, InferenceCodes.ShapeMismatch, $"cannot squeeze axis {a} of size {dims[a]} in {x}");
                    return;
                }
            }

            output = [.. dims.Where((_, i) => !normalized.Contains(i))];
        }
        else
        {
            if (TensorAxes.StaticLength(context, Input(1)) is { } n && n <= dims.Length)
            {
                this.SetResult(0, x.ElementType, TensorDimMath.Unknowns(dims.Length - n));
            }
            else
            {
                this.SetResultUnranked(0, x.ElementType);
            }

            return;
        }

        this.SetResult(0, x.ElementType, output);
        if (output.Count == 0 && context.GetShapeValue(Input(0)) is { Length: 1 } sv)
        {
            context.SetShapeValue(Result, sv);
        }
    }
}
