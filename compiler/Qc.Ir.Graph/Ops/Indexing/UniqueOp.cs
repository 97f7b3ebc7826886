using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>The unique elements (or slices along <c>axis</c>) and optionally their first indices, the inverse indices and
/// the counts, all i64 1-D. The number of unique entries is not known statically.</summary>
public sealed class UniqueOp : Op
{
    internal UniqueOp(OpSchema schema, OpInit init)
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

        var hasAxis = Attributes.Contains("axis");
        var inverse = Dim.Unknown;
        if (!hasAxis)
        {
            this.SetResult(0, x.ElementType, [Dim.Unknown]);
            inverse = x.Dims is { } d ? TensorDimMath.Product(d) : Dim.Unknown;
        }
        else if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, x.ElementType);
        }
        else
        {
            if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), dims.Length, out var axis))
            {
                return;
            }

            this.SetResult(0, x.ElementType, dims.SetItem(axis, Dim.Unknown));
            inverse = dims[axis];
        }

        this.SetResult(1, ElementType.I64, [Dim.Unknown]);
        this.SetResult(2, ElementType.I64, [inverse]);
        this.SetResult(3, ElementType.I64, [Dim.Unknown]);
    }
}
