namespace Qc.Ir.Graph;

/// <summary>Selects from X where the condition holds and from Y elsewhere, with numpy broadcasting of all three.</summary>
public sealed class WhereOp : Op
{
    internal WhereOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } c || this.InputTensor(1) is not { } x || this.InputTensor(2) is not { } y)
        {
            return;
        }

        if (x.ElementType != y.ElementType)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"X is {x.ElementType} but Y is {y.ElementType}");
            return;
        }

        if (!c.HasRank || !x.HasRank || !y.HasRank)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        var shape = ShapeHelpers.Broadcast([c.Dims!.Value, x.Dims!.Value, y.Dims!.Value]);
        if (shape is null)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"shapes {c}, {x} and {y} do not broadcast");
            return;
        }

        this.SetResult(0, x.ElementType, shape.Value);
    }
}
