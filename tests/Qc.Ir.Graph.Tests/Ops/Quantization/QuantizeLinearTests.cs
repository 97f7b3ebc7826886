using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Quantization;

public sealed class QuantizeLinearTests
{
    [Theory]
    [InlineData(ElementType.U8, 0L, "tensor<2x3xu8>")]
    [InlineData(ElementType.I8, 0L, "tensor<2x3xi8>")]
    [InlineData(ElementType.I4, 0L, "tensor<2x3xi4>")]
    [InlineData(ElementType.F8E4M3FN, 17L, "tensor<2x3xf8e4m3fn>")]
    [InlineData(ElementType.U16, 4L, "tensor<2x3xu16>")]
    public void QuantizeLinear_output_type_is_the_zero_point_type(ElementType zeroPoint, long outputDtype, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "quantize_linear", [h.Input("x", ElementType.F32, 2, 3), h.Input("s", ElementType.F32), h.Input("z", zeroPoint)],
            A(("output_dtype", outputDtype), ("saturate", 1L), ("axis", 1L), ("block_size", 0L)));
        AssertTypes(h, op, expected);
    }

    [Theory]
    [InlineData(0L, "tensor<2x3xu8>")]
    [InlineData(3L, "tensor<2x3xi8>")]
    [InlineData(22L, "tensor<2x3xi4>")]
    public void QuantizeLinear_without_zero_point_uses_output_dtype_or_u8(long outputDtype, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "quantize_linear", [h.Input("x", ElementType.F32, 2, 3), h.Input("s", ElementType.F32)], A(("output_dtype", outputDtype)));
        AssertTypes(h, op, expected);
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 2, 2 }, new long[] { 3 }, 1L, 0L)]
    [InlineData(new long[] { 1, 3, 2, 2 }, new long[] { 2 }, -1L, 0L)]
    [InlineData(new long[] { 4, 6 }, new long[] { 4, 2 }, 1L, 3L)]
    [InlineData(new long[] { 4, 7 }, new long[] { 4, 3 }, 1L, 3L)]
    [InlineData(new long[] { 6, 4 }, new long[] { 3, 4 }, 0L, 2L)]
    [InlineData(new long[] { 4, 6 }, new long[] { 1 }, 1L, 0L)]
    public void QuantizeLinear_accepts_per_axis_and_blocked_scales(long[] x, long[] scale, long axis, long blockSize)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "quantize_linear", [h.Input("x", ElementType.F32, x), h.Input("s", ElementType.F32, scale), h.Input("z", ElementType.I8, scale)],
            A(("axis", axis), ("block_size", blockSize)));
        AssertTypes(h, op, "tensor<" + string.Join("x", x) + "xi8>");
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 2, 2 }, new long[] { 4 }, new long[] { 4 }, 1L, 0L, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 4, 6 }, new long[] { 4, 3 }, new long[] { 4, 3 }, 1L, 3L, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 4, 6 }, new long[] { 2 }, new long[] { 2 }, 1L, 3L, InferenceCodes.RankMismatch)]
    [InlineData(new long[] { 4, 6 }, new long[] { 6 }, new long[] { 4 }, 1L, 0L, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 4, 6 }, new long[] { 6 }, new long[] { 6 }, 2L, 0L, InferenceCodes.BadAttributeValue)]
    [InlineData(new long[] { 4, 6 }, new long[] { 4, 6 }, new long[] { 4, 6 }, 1L, 0L, InferenceCodes.ShapeMismatch)]
    public void QuantizeLinear_reports_bad_scale_shapes(long[] x, long[] scale, long[] zeroPoint, long axis, long blockSize, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "quantize_linear", [h.Input("x", ElementType.F32, x), h.Input("s", ElementType.F32, scale), h.Input("z", ElementType.U8, zeroPoint)],
            A(("axis", axis), ("block_size", blockSize)));
        AssertError(h, op, code);
    }

    [Fact]
    public void QuantizeLinear_reports_output_dtype_conflicts()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "quantize_linear", [h.Input("x", ElementType.F32, 2), h.Input("s", ElementType.F32), h.Input("z", ElementType.U8)],
            A(("output_dtype", 3L)));
        AssertError(h, op, InferenceCodes.TypeMismatch);

        var h2 = new OpTestHelpers();
        var op2 = Run(h2, "quantize_linear", [h2.Input("x", ElementType.F32, 2), h2.Input("s", ElementType.F32)], A(("output_dtype", 1L)));
        AssertError(h2, op2, InferenceCodes.BadAttributeValue);
    }

    [Fact]
    public void QuantizeLinear_keeps_symbolic_and_unranked_shapes()
    {
        var h = new OpTestHelpers();
        var sym = h.Op("quantize_linear", [h.Input("x", T(ElementType.F16, Dim.Sym("N"), 64)), h.Input("s", ElementType.F16), h.Input("z", ElementType.I8)]);
        var unranked = h.Op("quantize_linear", [h.Input("u", TensorType.Unranked(ElementType.F32)), h.Input("s2", ElementType.F32)]);
        h.Infer();
        AssertTypes(h, sym, "tensor<{N}x64xi8>");
        Assert.Equal("tensor<*xu8>", unranked.Result.Type.ToString());
    }

    [Theory]
    [InlineData(ElementType.U8, ElementType.F32, "tensor<2x3xf32>")]
    [InlineData(ElementType.I8, ElementType.F16, "tensor<2x3xf16>")]
    [InlineData(ElementType.I32, ElementType.F32, "tensor<2x3xf32>")]
    [InlineData(ElementType.F8E5M2, ElementType.BF16, "tensor<2x3xbf16>")]
    public void DequantizeLinear_output_type_is_the_scale_type(ElementType x, ElementType scale, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "dequantize_linear", [h.Input("x", x, 2, 3), h.Input("s", scale), h.Input("z", x)], A(("axis", 1L), ("block_size", 0L)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void DequantizeLinear_per_axis_and_blocked()
    {
        var h = new OpTestHelpers();
        var perAxis = h.Op("dequantize_linear", [h.Input("x", ElementType.I8, 8, 16), h.Input("s", ElementType.F32, 8)], A(("axis", 0L)));
        var blocked = h.Op("dequantize_linear", [h.Input("w", ElementType.I4, 8, 16), h.Input("s2", ElementType.F16, 8, 1), h.Input("z", ElementType.I4, 8, 1)],
            A(("axis", 1L), ("block_size", 16L)));
        h.Infer();
        AssertTypes(h, perAxis, "tensor<8x16xf32>");
        Assert.Equal("tensor<8x16xf16>", blocked.Result.Type.ToString());
    }

    [Fact]
    public void DequantizeLinear_reports_zero_point_type_and_shape_mismatch()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "dequantize_linear", [h.Input("x", ElementType.U8, 2, 3), h.Input("s", ElementType.F32), h.Input("z", ElementType.I8)]);
        AssertError(h, op, InferenceCodes.TypeMismatch);

        var h2 = new OpTestHelpers();
        var op2 = Run(h2, "dequantize_linear", [h2.Input("x", ElementType.U8, 2, 3), h2.Input("s", ElementType.F32, 4)], A(("axis", 1L)));
        AssertError(h2, op2, InferenceCodes.ShapeMismatch);
    }

    [Fact]
    public void DynamicQuantizeLinear_produces_u8_data_and_scalar_parameters()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "dynamic_quantize_linear", [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 3))], results: 3);
        AssertTypes(h, op, "tensor<{N}x3xu8>", "tensor<f32>", "tensor<u8>");

        var h2 = new OpTestHelpers();
        var bad = Run(h2, "dynamic_quantize_linear", [h2.Input("x", ElementType.I32, 2)], results: 3);
        AssertError(h2, bad, InferenceCodes.TypeMismatch);
    }
}
