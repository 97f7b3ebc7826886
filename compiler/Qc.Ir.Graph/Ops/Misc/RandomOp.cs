using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>RandomUniform and RandomNormal: a tensor of the static <c>shape</c> attribute and the <c>dtype</c> element type (default f32).</summary>
public sealed class RandomOp : Op
{
    internal RandomOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.ElementTypeAttribute(context, "dtype", ElementType.F32) is not { } elem)
        {
            return;
        }

        if (Attributes.GetInts("shape") is not { } shape || shape.Any(d => d < 0))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, "shape must be given as non-negative sizes");
            return;
        }

        this.SetResult(0, TensorType.Of(elem, shape));
    }
}
