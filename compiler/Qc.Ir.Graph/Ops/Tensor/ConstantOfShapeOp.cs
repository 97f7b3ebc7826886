using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Creates a tensor of the shape given by its input, filled with the one-element <c>value</c> attribute (default f32 0).</summary>
public sealed class ConstantOfShapeOp : Op
{
    internal ConstantOfShapeOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The fill value, or null for the default f32 zero.</summary>
    public TensorData? Value => Attributes.TryGet("value", out var v) && v is TensorAttr t ? t.Value : null;

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var value = Value;
        if (value is not null && value.ElementCount != 1)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"value has {value.ElementCount} elements instead of 1");
            return;
        }

        var elem = value?.ElementType ?? ElementType.F32;
        if (context.GetShapeValue(Input(0)) is not { } shape)
        {
            if (TensorAxes.StaticLength(context, Input(0)) is { } n)
            {
                this.SetResult(0, elem, TensorDimMath.Unknowns(n));
            }
            else if (Input(0)?.Type is TensorType)
            {
                this.SetResultUnranked(0, elem);
            }

            return;
        }

        if (shape.Any(d => d.Value < 0))
        {
            context.Error(this, InferenceCodes.BadInput, $"shape [{string.Join(", ", shape)}] has a negative value");
            return;
        }

        this.SetResult(0, elem, shape);
        if (shape.Length <= 1 && ShapeHelpers.StaticProduct(shape) is { } count and <= 64
            && (elem.IsInteger() || elem == ElementType.Bool))
        {
            var fill = value is null ? 0 : value.ToInt64Array()[0];
            context.SetShapeValue(Result, [.. Enumerable.Repeat(Dim.Of(fill), (int)count)]);
        }
    }
}
