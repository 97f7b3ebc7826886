using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>ArgMax or ArgMin: i64 indices of the extreme values along <c>axis</c> (default 0), keeping it as size 1 with <c>keepdims</c>.</summary>
public sealed class ArgReduceOp : Op
{
    internal ArgReduceOp(OpSchema schema, OpInit init)
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
            this.SetResultUnranked(0, ElementType.I64);
            return;
        }

        if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), dims.Length, out var axis))
        {
            return;
        }

        var keep = Attributes.GetInt("keepdims", 1) != 0;
        this.SetResult(0, ElementType.I64, keep ? dims.SetItem(axis, Dim.Of(1)) : dims.RemoveAt(axis));
    }
}
