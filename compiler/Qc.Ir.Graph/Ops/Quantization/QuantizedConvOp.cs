using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Integer convolutions with Conv's shape rules: QLinearConv (x, x_scale, x_zero_point, w, w_scale, w_zero_point,
/// y_scale, y_zero_point, B; result of y_zero_point's type) and ConvInteger (x, w, x_zero_point, w_zero_point; i32 result).</summary>
public sealed class QuantizedConvOp : Op
{
    internal QuantizedConvOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>True for QLinearConv, false for ConvInteger.</summary>
    public bool IsQLinear => Schema.OpType == "QLinearConv";

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var w = IsQLinear ? 3 : 1;
        var wZeroPoint = IsQLinear ? 5 : 3;
        if (this.InputTensor(0) is not { } xt || this.InputTensor(w) is not { } wt
            || !NnDims.CheckSameElementType(this, context, 0, 2) || !NnDims.CheckSameElementType(this, context, w, wZeroPoint))
        {
            return;
        }

        ElementType elem;
        if (!IsQLinear)
        {
            elem = ElementType.I32;
        }
        else if (NnDims.KnownElementType(this, 7) is { } y)
        {
            elem = y;
        }
        else
        {
            return;
        }

        if (!ConvShapes.TryInferConv(this, context, xt, wt, out var dims))
        {
            return;
        }

        if (dims is not { } d)
        {
            this.SetResultUnranked(0, elem);
            return;
        }

        if (IsQLinear && (!NnDims.CheckVector(this, context, 8, "bias", d[1]) || !CheckPerChannel(context, 4, "w_scale", d[1])
            || !CheckPerChannel(context, 5, "w_zero_point", d[1])))
        {
            return;
        }

        this.SetResult(0, elem, d);
    }

    private bool CheckPerChannel(InferenceContext context, int index, string name, Dim channels) =>
        this.InputDims(index) is not { Length: 1 } d || d[0].Value == 1 || NnDims.CheckVector(this, context, index, name, channels);
}
