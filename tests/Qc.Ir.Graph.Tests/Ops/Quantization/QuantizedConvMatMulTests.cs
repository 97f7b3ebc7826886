using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Quantization;

public sealed class QuantizedConvMatMulTests
{
    private static Value?[] QLinearConvInputs(OpTestHelpers h, long[] x, long[] w, long wScale, ElementType y, bool bias)
    {
        Value?[] inputs =
        [
            h.Input("x", ElementType.U8, x), h.Input("xs", ElementType.F32), h.Input("xz", ElementType.U8),
            h.Input("w", ElementType.I8, w), h.Input("ws", ElementType.F32, wScale), h.Input("wz", ElementType.I8, wScale),
            h.Input("ys", ElementType.F32), h.Input("yz", y),
        ];
        return bias ? [.. inputs, h.Input("b", ElementType.I32, w[0])] : inputs;
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 8, 8 }, new long[] { 4, 3, 3, 3 }, new long[] { 1, 1, 1, 1 }, null, ElementType.U8, "tensor<1x4x8x8xu8>")]
    [InlineData(new long[] { 1, 3, 8, 8 }, new long[] { 4, 3, 3, 3 }, null, new long[] { 2, 2 }, ElementType.I8, "tensor<1x4x3x3xi8>")]
    [InlineData(new long[] { 1, 1, 7, 7 }, new long[] { 1, 1, 1, 1 }, null, null, ElementType.U8, "tensor<1x1x7x7xu8>")]
    public void QLinearConv_uses_conv_shapes_and_the_output_zero_point_type(long[] x, long[] w, long[]? pads, long[]? strides, ElementType y, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "qlinear_conv", QLinearConvInputs(h, x, w, w[0], y, bias: true), A(("pads", pads), ("strides", strides)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void QLinearConv_accepts_per_tensor_weight_scale()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "qlinear_conv", QLinearConvInputs(h, [1, 3, 5, 5], [2, 3, 3, 3], 1, ElementType.U8, bias: false));
        AssertTypes(h, op, "tensor<1x2x3x3xu8>");
    }

    [Fact]
    public void QLinearConv_reports_bad_per_channel_scale_and_zero_point_type()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "qlinear_conv", QLinearConvInputs(h, [1, 3, 5, 5], [4, 3, 3, 3], 5, ElementType.U8, bias: false));
        AssertError(h, op, InferenceCodes.ShapeMismatch);

        var h2 = new OpTestHelpers();
        var op2 = Run(h2, "qlinear_conv", [h2.Input("x", ElementType.U8, 1, 3, 5, 5), h2.Input("xs", ElementType.F32), h2.Input("xz", ElementType.I8),
            h2.Input("w", ElementType.I8, 2, 3, 3, 3), h2.Input("ws", ElementType.F32), h2.Input("wz", ElementType.I8),
            h2.Input("ys", ElementType.F32), h2.Input("yz", ElementType.U8)]);
        AssertError(h2, op2, InferenceCodes.TypeMismatch);
    }

    [Fact]
    public void ConvInteger_produces_i32()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv_integer", [h.Input("x", T(ElementType.U8, Dim.Sym("N"), 3, 8, 8)), h.Input("w", ElementType.U8, 4, 3, 3, 3),
            h.Input("xz", ElementType.U8)]);
        AssertTypes(h, op, "tensor<{N}x4x6x6xi32>");

        var h2 = new OpTestHelpers();
        var bad = Run(h2, "conv_integer", [h2.Input("x", ElementType.U8, 1, 2, 8, 8), h2.Input("w", ElementType.U8, 4, 3, 3, 3)]);
        AssertError(h2, bad, InferenceCodes.ShapeMismatch);
    }

    [Fact]
    public void QLinearMatMul_uses_matmul_shapes_and_the_output_zero_point_type()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "qlinear_matmul", [h.Input("a", ElementType.U8, 5, 2, 3), h.Input("as", ElementType.F32), h.Input("az", ElementType.U8),
            h.Input("b", ElementType.U8, 3, 4), h.Input("bs", ElementType.F32), h.Input("bz", ElementType.U8),
            h.Input("ys", ElementType.F32), h.Input("yz", ElementType.I8)]);
        AssertTypes(h, op, "tensor<5x2x4xi8>");
    }

    [Theory]
    [InlineData(new long[] { 2, 3 }, new long[] { 3, 4 }, "tensor<2x4xi32>")]
    [InlineData(new long[] { 3 }, new long[] { 7, 3, 4 }, "tensor<7x4xi32>")]
    public void MatMulInteger_produces_i32(long[] a, long[] b, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "matmul_integer", [h.Input("a", ElementType.U8, a), h.Input("b", ElementType.I8, b), h.Input("az", ElementType.U8),
            h.Input("bz", ElementType.I8)]);
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void MatMulInteger_reports_inner_dimension_mismatch()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "matmul_integer", [h.Input("a", ElementType.U8, 2, 3), h.Input("b", ElementType.U8, 4, 5)]);
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }
}
