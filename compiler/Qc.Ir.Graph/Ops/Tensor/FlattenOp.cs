namespace Qc.Ir.Graph;

/// <summary>Flattens a tensor into a matrix: dims before <c>axis</c> form the rows, the rest the columns.</summary>
public sealed class FlattenOp : Op
{
    internal FlattenOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The split point between row and column dims (default 1; may be negative).</summary>
    public long Axis => Attributes.GetInt("axis", 1);

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (x.Dims is not { } dims)
        {
            this.SetResult(0, x.ElementType, [Dim.Unknown, Dim.Unknown]);
            return;
        }

        var axis = Axis < 0 ? Axis + dims.Length : Axis;
        if (axis < 0 || axis > dims.Length)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"axis {Axis} is out of range for rank {dims.Length}");
            return;
        }

        var a = (int)axis;
        this.SetResult(0, x.ElementType, [TensorDimMath.Product(dims.Take(a)), TensorDimMath.Product(dims.Skip(a))]);
    }
}
