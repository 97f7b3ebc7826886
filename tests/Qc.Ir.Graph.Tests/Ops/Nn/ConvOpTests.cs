using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class ConvOpTests
{
    [Theory]
    [InlineData(new long[] { 1, 3, 224, 224 }, new long[] { 64, 3, 7, 7 }, null, new long[] { 2, 2 }, new long[] { 3, 3, 3, 3 }, null, 1, "tensor<1x64x112x112xf32>")]
    [InlineData(new long[] { 1, 1, 7, 5 }, new long[] { 1, 1, 3, 3 }, null, new long[] { 2, 2 }, new long[] { 1, 1, 1, 1 }, null, 1, "tensor<1x1x4x3xf32>")]
    [InlineData(new long[] { 1, 1, 7, 5 }, new long[] { 1, 1, 3, 3 }, null, new long[] { 2, 2 }, null, null, 1, "tensor<1x1x3x2xf32>")]
    [InlineData(new long[] { 1, 1, 7, 5 }, new long[] { 1, 1, 3, 3 }, "NOTSET", new long[] { 2, 2 }, new long[] { 1, 0, 1, 0 }, null, 1, "tensor<1x1x4x2xf32>")]
    [InlineData(new long[] { 1, 1, 5, 5 }, new long[] { 1, 1, 3, 3 }, "SAME_UPPER", new long[] { 2, 2 }, null, null, 1, "tensor<1x1x3x3xf32>")]
    [InlineData(new long[] { 1, 1, 5, 5 }, new long[] { 1, 1, 3, 3 }, "SAME_LOWER", new long[] { 2, 2 }, null, null, 1, "tensor<1x1x3x3xf32>")]
    [InlineData(new long[] { 1, 1, 6, 6 }, new long[] { 1, 1, 3, 3 }, "SAME_UPPER", new long[] { 1, 1 }, new long[] { 0, 0, 0, 0 }, null, 1, "tensor<1x1x6x6xf32>")]
    [InlineData(new long[] { 1, 1, 5, 5 }, new long[] { 1, 1, 3, 3 }, "VALID", new long[] { 2, 2 }, null, null, 1, "tensor<1x1x2x2xf32>")]
    [InlineData(new long[] { 1, 1, 7, 7 }, new long[] { 1, 1, 3, 3 }, null, null, null, new long[] { 2, 2 }, 1, "tensor<1x1x3x3xf32>")]
    [InlineData(new long[] { 1, 1, 7, 7 }, new long[] { 1, 1, 3, 3 }, "SAME_UPPER", null, null, new long[] { 2, 2 }, 1, "tensor<1x1x7x7xf32>")]
    [InlineData(new long[] { 1, 8, 10, 10 }, new long[] { 16, 2, 3, 3 }, null, null, null, null, 4, "tensor<1x16x8x8xf32>")]
    [InlineData(new long[] { 2, 4, 10 }, new long[] { 6, 4, 3 }, null, new long[] { 1 }, null, null, 1, "tensor<2x6x8xf32>")]
    [InlineData(new long[] { 1, 2, 5, 6, 7 }, new long[] { 4, 2, 3, 3, 3 }, null, null, new long[] { 1, 1, 1, 1, 1, 1 }, null, 1, "tensor<1x4x5x6x7xf32>")]
    public void Conv_shapes_follow_onnx_formulas(long[] x, long[] w, string? autoPad, long[]? strides, long[]? pads, long[]? dilations,
        long group, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", ElementType.F32, x), h.Input("w", ElementType.F32, w)],
            A(("auto_pad", autoPad), ("strides", strides), ("pads", pads), ("dilations", dilations), ("group", group)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void Conv_with_bias_and_explicit_kernel_shape()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", ElementType.F16, 1, 3, 9, 9), h.Input("w", ElementType.F16, 8, 3, 3, 3), h.Input("b", ElementType.F16, 8)],
            A(("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 })));
        AssertTypes(h, op, "tensor<1x8x4x4xf16>");
    }

    [Fact]
    public void Conv_keeps_symbolic_dims_where_the_window_preserves_size()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", T(ElementType.F32, Dim.Sym("N"), 3, Dim.Sym("H"), Dim.Sym("W")));
        var same = Run(h, "conv", [x, h.Input("w", ElementType.F32, 8, 3, 3, 3)], A(("pads", new long[] { 1, 1, 1, 1 })));
        var strided = h.Op("conv", [x, h.Input("w2", ElementType.F32, 8, 3, 3, 3)], A(("strides", new long[] { 2, 2 })));
        var sameUpper = h.Op("conv", [x, h.Input("w3", ElementType.F32, 8, 3, 3, 3)], A(("auto_pad", "SAME_UPPER")));
        h.Infer();
        AssertTypes(h, same, "tensor<{N}x8x{H}x{W}xf32>");
        Assert.Equal("tensor<{N}x8x?x?xf32>", strided.Result.Type.ToString());
        Assert.Equal("tensor<{N}x8x{H}x{W}xf32>", sameUpper.Result.Type.ToString());
    }

    [Fact]
    public void Conv_with_unranked_input_takes_rank_from_weight()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", TensorType.Unranked(ElementType.F32)), h.Input("w", ElementType.F32, 8, 3, 3, 3)]);
        AssertTypes(h, op, "tensor<?x8x?x?xf32>");
    }

    [Fact]
    public void Conv_with_unranked_operands_is_unranked()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", TensorType.Unranked(ElementType.F32)), h.Input("w", TensorType.Unranked(ElementType.F32))]);
        AssertTypes(h, op, "tensor<*xf32>");
    }

    [Fact]
    public void Conv_with_unknown_input_type_stays_unknown_silently()
    {
        var h = new OpTestHelpers();
        var x = h.Main.AddParameter("x", IrType.Unknown);
        var op = Run(h, "conv", [x, h.Input("w", ElementType.F32, 8, 3, 3, 3)]);
        Assert.Empty(h.Diagnostics);
        Assert.Equal("?", op.Result.Type.ToString());
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 8, 8 }, new long[] { 8, 4, 3, 3 }, null, null, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 1, 3, 2, 2 }, new long[] { 8, 3, 3, 3 }, null, null, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 1, 3, 8, 8 }, new long[] { 8, 3, 3 }, null, null, InferenceCodes.RankMismatch)]
    [InlineData(new long[] { 1, 3, 8, 8 }, new long[] { 8, 3, 3, 3 }, new long[] { 1, 1 }, null, InferenceCodes.BadAttributeValue)]
    [InlineData(new long[] { 1, 3, 8, 8 }, new long[] { 8, 3, 3, 3 }, null, new long[] { 0, 1 }, InferenceCodes.BadAttributeValue)]
    public void Conv_reports_bad_shapes(long[] x, long[] w, long[]? pads, long[]? strides, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", ElementType.F32, x), h.Input("w", ElementType.F32, w)], A(("pads", pads), ("strides", strides)));
        AssertError(h, op, code);
    }

    [Fact]
    public void Conv_reports_wrong_bias_length()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", ElementType.F32, 1, 3, 8, 8), h.Input("w", ElementType.F32, 8, 3, 3, 3), h.Input("b", ElementType.F32, 7)]);
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }

    [Fact]
    public void Conv_reports_kernel_shape_disagreeing_with_weight()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", ElementType.F32, 1, 3, 8, 8), h.Input("w", ElementType.F32, 8, 3, 3, 3)],
            A(("kernel_shape", new long[] { 5, 5 })));
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }

    [Fact]
    public void Conv_reports_mixed_element_types_and_bad_auto_pad()
    {
        var h = new OpTestHelpers();
        var mixed = h.Op("conv", [h.Input("x", ElementType.F32, 1, 3, 8, 8), h.Input("w", ElementType.F16, 8, 3, 3, 3)]);
        h.Infer();
        AssertError(h, mixed, InferenceCodes.TypeMismatch);

        var h2 = new OpTestHelpers();
        var bad = Run(h2, "conv", [h2.Input("x", ElementType.F32, 1, 3, 8, 8), h2.Input("w", ElementType.F32, 8, 3, 3, 3)], A(("auto_pad", "SAME")));
        AssertError(h2, bad, InferenceCodes.BadAttributeValue);
    }

    [Fact]
    public void Conv_reports_output_channels_not_divisible_by_group()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv", [h.Input("x", ElementType.F32, 1, 4, 8, 8), h.Input("w", ElementType.F32, 6, 1, 3, 3)], A(("group", 4L)));
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }
}
