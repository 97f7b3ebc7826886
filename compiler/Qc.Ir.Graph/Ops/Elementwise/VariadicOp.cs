namespace Qc.Ir.Graph;

/// <summary>An elementwise reduction over any number of broadcast inputs: Max, Min, Sum, Mean.</summary>
public sealed class VariadicOp : Op
{
    internal VariadicOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var types = Inputs.Select(v => v?.Type as TensorType).ToList();
        if (types.Any(t => t is null))
        {
            return;
        }

        var elem = types[0]!.ElementType;
        if (types.Any(t => t!.ElementType != elem))
        {
            context.Error(this, InferenceCodes.TypeMismatch, "inputs have different element types");
            return;
        }

        if (types.Any(t => !t!.HasRank))
        {
            this.SetResultUnranked(0, elem);
            return;
        }

        var shape = ShapeHelpers.Broadcast([.. types.Select(t => t!.Dims!.Value)]);
        if (shape is null)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"shapes {string.Join(", ", types)} do not broadcast");
            return;
        }

        this.SetResult(0, elem, shape.Value);
    }
}
