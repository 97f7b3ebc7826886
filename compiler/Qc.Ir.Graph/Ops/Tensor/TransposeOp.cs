namespace Qc.Ir.Graph;

/// <summary>Permutes the dims of a tensor by <c>perm</c> (default: reversed).</summary>
public sealed class TransposeOp : Op
{
    internal TransposeOp(OpSchema schema, OpInit init)
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

        var perm = Attributes.GetInts("perm");
        if (x.Dims is not { } dims)
        {
            if (perm is { } p)
            {
                this.SetResult(0, x.ElementType, TensorDimMath.Unknowns(p.Length));
            }
            else
            {
                this.SetResultUnranked(0, x.ElementType);
            }

            return;
        }

        if (perm is not { } order)
        {
            this.SetResult(0, x.ElementType, dims.Reverse());
            return;
        }

        if (order.Length != dims.Length)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"perm has {order.Length} entries but the input has rank {dims.Length}");
            return;
        }

        if (TensorAxes.Normalize(this, context, order, dims.Length, "perm") is not { } normalized)
        {
            return;
        }

        this.SetResult(0, x.ElementType, normalized.Select(a => dims[a]));
    }
}
