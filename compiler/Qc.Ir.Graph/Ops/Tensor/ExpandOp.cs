namespace Qc.Ir.Graph;

/// <summary>Broadcasts a tensor to the shape given by its second input (bidirectionally, as numpy broadcasting).</summary>
public sealed class ExpandOp : Op
{
    internal ExpandOp(OpSchema schema, OpInit init)
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

        var shape = context.GetShapeValue(Input(1));
        if (shape is null)
        {
            if (TensorAxes.StaticLength(context, Input(1)) is not { } n)
            {
                this.SetResultUnranked(0, x.ElementType);
                return;
            }

            shape = [.. TensorDimMath.Unknowns(n)];
        }

        if (shape.Value.Any(d => d.Value < 0))
        {
            context.Error(this, InferenceCodes.BadInput, $"shape [{string.Join(", ", shape.Value)}] has a negative value");
            return;
        }

        if (ShapeHelpers.Broadcast([dims, shape.Value]) is not { } output)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"cannot expand {x} to [{string.Join(", ", shape.Value)}]");
            return;
        }

        this.SetResult(0, x.ElementType, output);
    }
}
