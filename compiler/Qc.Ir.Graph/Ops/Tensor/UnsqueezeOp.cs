namespace Qc.Ir.Graph;

/// <summary>Inserts dims of size 1 at the positions of the <c>axes</c> input (positions in the result).</summary>
public sealed class UnsqueezeOp : Op
{
    internal UnsqueezeOp(OpSchema schema, OpInit init)
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

        if (Input(1) is null)
        {
            context.Error(this, InferenceCodes.BadInput, "the axes input is missing");
            return;
        }

        if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        if (context.GetStaticInts(Input(1)) is not { } axes)
        {
            if (TensorAxes.StaticLength(context, Input(1)) is { } n)
            {
                this.SetResult(0, x.ElementType, TensorDimMath.Unknowns(dims.Length + n));
            }
            else
            {
                this.SetResultUnranked(0, x.ElementType);
            }

            return;
        }

        var rank = dims.Length + axes.Length;
        if (TensorAxes.Normalize(this, context, axes, rank) is not { } normalized)
        {
            return;
        }

        var output = new Dim[rank];
        var next = 0;
        for (var i = 0; i < rank; i++)
        {
            output[i] = normalized.Contains(i) ? Dim.Of(1) : dims[next++];
        }

        this.SetResult(0, x.ElementType, output);
        if (dims.Length == 0 && rank == 1 && context.GetShapeValue(Input(0)) is { Length: 1 } sv)
        {
            context.SetShapeValue(Result, sv);
        }
    }
}
