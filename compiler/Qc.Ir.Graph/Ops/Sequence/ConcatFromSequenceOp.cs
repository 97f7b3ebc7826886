namespace Qc.Ir.Graph;

/// <summary>Concatenates the tensors of a sequence along <c>axis</c>, or stacks them along a new axis when <c>new_axis</c> is 1.</summary>
/// <remarks>The inserted dim is the sequence length, and the concatenated dim the length times the elements' axis size,
/// when the length is known; otherwise they are unknown.</remarks>
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

        var length = context.GetSequenceLength(Input(0)) ?? Dim.Unknown;
        this.SetResult(0, t.ElementType, newAxis ? dims.Insert(a, length) : dims.SetItem(a, Concatenated(dims[a], length)));
    }

    private static Dim Concatenated(Dim axis, Dim length) => length.IsStatic ? TensorDimMath.Multiply(axis, length.Value!.Value)
        : axis.Value == 1 ? length : Dim.Unknown;
}
