namespace Qc.Ir.Graph;

/// <summary>Keeps the slices along <c>axis</c> (or the elements of the flattened input when absent) where the 1-D bool
/// <c>condition</c> is true. The kept count is known only for a constant condition.</summary>
public sealed class CompressOp : Op
{
    internal CompressOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || this.InputTensor(1) is not { } condition)
        {
            return;
        }

        if (condition.Dims is { Length: not 1 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"condition {condition} is not 1-D");
            return;
        }

        var hasAxis = Attributes.Contains("axis");
        if (x.Dims is not { } dims)
        {
            if (hasAxis)
            {
                this.SetResultUnranked(0, x.ElementType);
            }
            else
            {
                this.SetResult(0, x.ElementType, [Dim.Unknown]);
            }

            return;
        }

        var length = hasAxis ? Dim.Unknown : TensorDimMath.Product(dims);
        var axis = 0;
        if (hasAxis && !TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), dims.Length, out axis))
        {
            return;
        }

        if (hasAxis)
        {
            length = dims[axis];
        }

        var kept = Dim.Unknown;
        if (context.TryGetConstant(Input(1), out var data) && data.ElementType == Qc.Core.Tensors.ElementType.Bool)
        {
            var flags = data.ToInt64Array();
            var limit = length.Value is { } l ? (int)Math.Min(l, flags.Length) : flags.Length;
            kept = Dim.Of(flags.Take(limit).Count(f => f != 0));
        }

        this.SetResult(0, x.ElementType, hasAxis ? dims.SetItem(axis, kept) : [kept]);
    }
}
