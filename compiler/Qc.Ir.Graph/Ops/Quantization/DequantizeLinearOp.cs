namespace Qc.Ir.Graph;

/// <summary>Linear dequantization (ONNX DequantizeLinear, opset 21): y = (x - x_zero_point) * x_scale, with x's shape and
/// x_scale's element type.</summary>
public sealed class DequantizeLinearOp : Op
{
    internal DequantizeLinearOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || NnDims.KnownElementType(this, 1) is not { } elem
            || !NnDims.CheckSameElementType(this, context, 0, 2) || !QuantScales.Check(this, context, x, 1, 2))
        {
            return;
        }

        this.SetResult(0, x.WithElementType(elem));
    }
}
