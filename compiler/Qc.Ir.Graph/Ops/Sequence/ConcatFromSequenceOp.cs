namespace Qc.Ir.Graph;

/// <summary>Concatenates the tensors of a sequence along <c>axis</c>, or stacks them along a new axis when <c>new_axis</c> is 1.</summary>
/// <remarks>The number of elements is not known statically, so the concatenated (or inserted) dim is unknown.</remarks>
public sealed class ConcatFromSequenceOp : Op
{
    internal ConcatFromSequenceOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (!Attributes.Contains("axis"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, "missing required attribute axis");
            return;
        }

        if (!this.TryGetSequenceElement(context, 0, out var element) || element is not TensorType t)
        {
            return;
        }

        if (t.Dims is not { } dims)
        {
            this.SetResultUnranked(0, t.ElementType);
            return;
        }

        var axis = Attributes.GetInt("axis", 0);
        var newAxis = Attributes.GetInt("new_axis", 0) != 0;
        var rank = newAxis ? dims.Length + 1 : dims.Length;
        if (!ShapeHelpers.TryNormalizeAxis(axis, rank, out var a))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"axis {axis} is out of range for rank {rank}");
            return;
        }

        this.SetResult(0, t.ElementType, newAxis ? dims.Insert(a, Dim.Unknown) : dims.SetItem(a, Dim.Unknown));
    }
}
