namespace Qc.Ir.Graph;

/// <summary>RandomUniformLike, RandomNormalLike and Bernoulli: a tensor of the input's shape, with the <c>dtype</c> element
/// type when given and the input's otherwise.</summary>
public sealed class RandomLikeOp : Op
{
    internal RandomLikeOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is { } x && this.ElementTypeAttribute(context, "dtype", x.ElementType) is { } elem)
        {
            this.SetResult(0, x.WithElementType(elem));
        }
    }
}
