namespace Qc.Ir.Graph;

/// <summary>Registers the quantization ops: QuantizeLinear, DequantizeLinear (opset 21 with blocked quantization),
/// DynamicQuantizeLinear, QLinearConv, QLinearMatMul, ConvInteger and MatMulInteger.</summary>
internal static class QuantizationOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("QuantizeLinear", "quantize_linear", (2, 3), (1, 1), "axis:INT block_size:INT output_dtype:INT saturate:INT",
            (s, i) => new QuantizeLinearOp(s, i));
        r.Add("DequantizeLinear", "dequantize_linear", (2, 3), (1, 1), "axis:INT block_size:INT", (s, i) => new DequantizeLinearOp(s, i));
        r.Add("DynamicQuantizeLinear", "dynamic_quantize_linear", (1, 1), (3, 3), "", (s, i) => new DynamicQuantizeLinearOp(s, i));
        const string conv = "auto_pad:STRING dilations:INTS group:INT kernel_shape:INTS pads:INTS strides:INTS";
        r.Add("QLinearConv", "qlinear_conv", (8, 9), (1, 1), conv, (s, i) => new QuantizedConvOp(s, i));
        r.Add("ConvInteger", "conv_integer", (2, 4), (1, 1), conv, (s, i) => new QuantizedConvOp(s, i));
        r.Add("QLinearMatMul", "qlinear_matmul", (8, 8), (1, 1), "", (s, i) => new QuantizedMatMulOp(s, i));
        r.Add("MatMulInteger", "matmul_integer", (2, 4), (1, 1), "", (s, i) => new QuantizedMatMulOp(s, i));
    }
}
