using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class PoolTests
{
    [Theory]
    [InlineData(new long[] { 1, 3, 32, 32 }, new long[] { 2, 2 }, null, null, null, null, 0L, "tensor<1x3x31x31xf32>")]
    [InlineData(new long[] { 1, 3, 28, 28 }, new long[] { 3, 3 }, null, null, new long[] { 2, 2, 2, 2 }, null, 0L, "tensor<1x3x30x30xf32>")]
    [InlineData(new long[] { 1, 3, 32, 32 }, new long[] { 5, 5 }, null, new long[] { 3, 3 }, null, null, 0L, "tensor<1x3x10x10xf32>")]
    [InlineData(new long[] { 1, 3, 32, 32 }, new long[] { 2, 2 }, "SAME_UPPER", null, null, null, 0L, "tensor<1x3x32x32xf32>")]
    [InlineData(new long[] { 1, 1, 5, 5 }, new long[] { 3, 3 }, "SAME_LOWER", new long[] { 2, 2 }, null, null, 0L, "tensor<1x1x3x3xf32>")]
    [InlineData(new long[] { 1, 1, 5, 5 }, new long[] { 3, 3 }, "SAME_UPPER", new long[] { 2, 2 }, null, null, 1L, "tensor<1x1x3x3xf32>")]
    [InlineData(new long[] { 1, 3, 32, 32 }, new long[] { 5, 5 }, "VALID", new long[] { 3, 3 }, null, null, 0L, "tensor<1x3x10x10xf32>")]
    [InlineData(new long[] { 1, 3, 32, 32 }, new long[] { 5, 5 }, "VALID", new long[] { 3, 3 }, null, null, 1L, "tensor<1x3x10x10xf32>")]
    [InlineData(new long[] { 1, 1, 4, 4 }, new long[] { 3, 3 }, null, new long[] { 2, 2 }, null, null, 1L, "tensor<1x1x2x2xf32>")]
    [InlineData(new long[] { 1, 1, 4, 4 }, new long[] { 3, 3 }, null, new long[] { 2, 2 }, null, null, 0L, "tensor<1x1x1x1xf32>")]
    [InlineData(new long[] { 1, 1, 2, 2 }, new long[] { 1, 1 }, null, new long[] { 2, 2 }, null, null, 1L, "tensor<1x1x1x1xf32>")]
    [InlineData(new long[] { 1, 1, 5, 5 }, new long[] { 2, 2 }, null, new long[] { 2, 2 }, new long[] { 1, 1, 1, 1 }, null, 1L, "tensor<1x1x3x3xf32>")]
    [InlineData(new long[] { 1, 1, 4, 4 }, new long[] { 2, 2 }, null, null, null, new long[] { 2, 2 }, 0L, "tensor<1x1x2x2xf32>")]
    [InlineData(new long[] { 1, 3, 32 }, new long[] { 2 }, null, null, null, null, 0L, "tensor<1x3x31xf32>")]
    [InlineData(new long[] { 1, 3, 32, 32, 32 }, new long[] { 2, 2, 2 }, null, null, null, null, 0L, "tensor<1x3x31x31x31xf32>")]
    public void Pool_shapes_follow_onnx_formulas(long[] x, long[] kernel, string? autoPad, long[]? strides, long[]? pads, long[]? dilations,
        long ceil, string expected)
    {
        foreach (var mnemonic in new[] { "max_pool", "average_pool", "lp_pool" })
        {
            var h = new OpTestHelpers();
            var op = Run(h, mnemonic, [h.Input("x", ElementType.F32, x)], A(("kernel_shape", kernel), ("auto_pad", autoPad),
                ("strides", strides), ("pads", pads), ("dilations", dilations), ("ceil_mode", ceil)));
            AssertTypes(h, op, expected);
        }
    }

    [Fact]
    public void MaxPool_indices_are_i64_with_the_output_shape()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "max_pool", [h.Input("x", ElementType.F16, 1, 3, 32, 32)],
            A(("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }), ("storage_order", 1L)), results: 2);
        AssertTypes(h, op, "tensor<1x3x16x16xf16>", "tensor<1x3x16x16xi64>");
    }

    [Fact]
    public void Pool_propagates_symbolic_dims_and_unknown_rank()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", T(ElementType.F32, Dim.Sym("N"), 64, Dim.Sym("H"), Dim.Sym("W")));
        var keep = h.Op("max_pool", [x], A(("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 1, 1, 1 })));
        var halve = h.Op("average_pool", [x], A(("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })));
        var unranked = h.Op("max_pool", [h.Input("u", TensorType.Unranked(ElementType.F32))], A(("kernel_shape", new long[] { 2, 2 })));
        h.Infer();
        AssertTypes(h, keep, "tensor<{N}x64x{H}x{W}xf32>");
        Assert.Equal("tensor<{N}x64x?x?xf32>", halve.Result.Type.ToString());
        Assert.Equal("tensor<?x?x?x?xf32>", unranked.Result.Type.ToString());
    }

    [Theory]
    [InlineData(new long[] { 1, 1, 2, 2 }, new long[] { 3, 3 }, null, null, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 1, 1, 8, 8 }, new long[] { 3 }, null, null, InferenceCodes.BadAttributeValue)]
    [InlineData(new long[] { 1, 1, 8, 8 }, new long[] { 3, 3 }, new long[] { 0, 1 }, null, InferenceCodes.BadAttributeValue)]
    [InlineData(new long[] { 1, 1, 8, 8 }, new long[] { 3, 3 }, null, new long[] { 1, 1 }, InferenceCodes.BadAttributeValue)]
    [InlineData(new long[] { 8 }, new long[] { }, null, null, InferenceCodes.RankMismatch)]
    public void Pool_reports_bad_windows(long[] x, long[] kernel, long[]? strides, long[]? pads, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "average_pool", [h.Input("x", ElementType.F32, x)], A(("kernel_shape", kernel), ("strides", strides), ("pads", pads)));
        AssertError(h, op, code);
    }

    [Fact]
    public void Pool_requires_kernel_shape()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "max_pool", [h.Input("x", ElementType.F32, 1, 1, 8, 8)]);
        AssertError(h, op, InferenceCodes.BadAttributeValue);
    }

    [Theory]
    [InlineData("global_average_pool")]
    [InlineData("global_max_pool")]
    [InlineData("global_lp_pool")]
    public void Global_pools_reduce_spatial_dims_to_one(string mnemonic)
    {
        var h = new OpTestHelpers();
        var a = h.Op(mnemonic, [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 512, Dim.Unknown, 7))]);
        var b = h.Op(mnemonic, [h.Input("y", ElementType.F32, 2, 8, 3, 4, 5)]);
        var c = h.Op(mnemonic, [h.Input("z", TensorType.Unranked(ElementType.F32))]);
        h.Infer();
        AssertTypes(h, a, "tensor<{N}x512x1x1xf32>");
        Assert.Equal("tensor<2x8x1x1x1xf32>", b.Result.Type.ToString());
        Assert.Equal("tensor<*xf32>", c.Result.Type.ToString());

        var h2 = new OpTestHelpers();
        var bad = Run(h2, mnemonic, [h2.Input("x", ElementType.F32, 4)]);
        AssertError(h2, bad, InferenceCodes.RankMismatch);
    }

    [Fact]
    public void MaxUnpool_inverts_the_pool_window()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "max_unpool", [h.Input("x", ElementType.F32, 1, 1, 2, 2), h.Input("i", ElementType.I64, 1, 1, 2, 2)],
            A(("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })));
        AssertTypes(h, op, "tensor<1x1x4x4xf32>");
    }

    [Fact]
    public void MaxUnpool_uses_the_output_shape_input()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", ElementType.F32, 1, 1, 2, 2);
        var i = h.Input("i", ElementType.I64, 1, 1, 2, 2);
        var attrs = A(("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }));
        var constant = h.Op("max_unpool", [x, i, h.Ints("shape", 1, 1, 5, 5)], attrs);
        var dynamic = h.Op("max_unpool", [x, i, h.Input("s", ElementType.I64, 4)], attrs);
        h.Infer();
        AssertTypes(h, constant, "tensor<1x1x5x5xf32>");
        Assert.Equal("tensor<?x?x?x?xf32>", dynamic.Result.Type.ToString());
    }

    [Fact]
    public void MaxUnpool_reports_indices_shape_mismatch()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "max_unpool", [h.Input("x", ElementType.F32, 1, 1, 2, 2), h.Input("i", ElementType.I64, 1, 1, 2, 3)],
            A(("kernel_shape", new long[] { 2, 2 })));
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }

    [Fact]
    public void MaxRoiPool_and_RoiAlign_produce_per_roi_maps()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", T(ElementType.F32, 1, 256, Dim.Sym("H"), Dim.Sym("W")));
        var pool = h.Op("max_roi_pool", [x, h.Input("r", T(ElementType.F32, Dim.Sym("R"), 5))], A(("pooled_shape", new long[] { 7, 7 })));
        var align = h.Op("roi_align", [x, h.Input("r4", ElementType.F32, 3, 4), h.Input("bi", ElementType.I64, 3)],
            A(("output_height", 5L), ("output_width", 6L)));
        var defaults = h.Op("roi_align", [x, h.Input("r5", ElementType.F32, 3, 4), h.Input("bj", ElementType.I64, 3)]);
        h.Infer();
        AssertTypes(h, pool, "tensor<{R}x256x7x7xf32>");
        Assert.Equal("tensor<3x256x5x6xf32>", align.Result.Type.ToString());
        Assert.Equal("tensor<3x256x1x1xf32>", defaults.Result.Type.ToString());
    }

    [Fact]
    public void RoiAlign_reports_bad_rois()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "roi_align", [h.Input("x", ElementType.F32, 1, 3, 10, 10), h.Input("r", ElementType.F32, 3, 5), h.Input("b", ElementType.I64, 3)]);
        AssertError(h, op, InferenceCodes.ShapeMismatch);

        var h2 = new OpTestHelpers();
        var op2 = Run(h2, "roi_align", [h2.Input("x", ElementType.F32, 1, 3, 10, 10), h2.Input("r", ElementType.F32, 3, 4), h2.Input("b", ElementType.I64, 2)]);
        AssertError(h2, op2, InferenceCodes.ShapeMismatch);

        var h3 = new OpTestHelpers();
        var op3 = Run(h3, "max_roi_pool", [h3.Input("x", ElementType.F32, 1, 3, 10, 10), h3.Input("r", ElementType.F32, 3, 5)]);
        AssertError(h3, op3, InferenceCodes.BadAttributeValue);
    }
}
