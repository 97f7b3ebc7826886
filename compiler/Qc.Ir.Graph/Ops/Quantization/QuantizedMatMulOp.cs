using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Integer matrix products with MatMul's shape rules: QLinearMatMul (a, a_scale, a_zero_point, b, b_scale,
/// b_zero_point, y_scale, y_zero_point; result of y_zero_point's type) and MatMulInteger (A, B, a_zero_point, b_zero_point;
/// i32 result).</summary>
public sealed class QuantizedMatMulOp : Op
{
    internal QuantizedMatMulOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>True for QLinearMatMul, false for MatMulInteger.</summary>
    public bool IsQLinear => Schema.OpType == "QLinearMatMul";

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var b = IsQLinear ? 3 : 1;
        var (aZeroPoint, bZeroPoint) = IsQLinear ? (2, 5) : (2, 3);
        if (this.InputTensor(0) is not { } at || this.InputTensor(b) is not { } bt
            || !NnDims.CheckSameElementType(this, context, 0, aZeroPoint) || !NnDims.CheckSameElementType(this, context, b, bZeroPoint))
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

        if (!MatMulShapes.TryInfer(this, context, at, bt, out var dims))
        {
            return;
        }

        if (dims is { } d)
        {
            this.SetResult(0, elem, d);
        }
        else
        {
            this.SetResultUnranked(0, elem);
        }
    }
}
