using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class MiscNnOpTests
{
    [Fact]
    public void Dropout_produces_output_and_bool_mask()
    {
        var h = new OpTestHelpers();
        var ratio = h.Const("ratio", TensorData.Scalar(0.5f));
        var training = h.Const("training", TensorData.Scalar(true));
        var op = Run(h, "dropout", [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 3)), ratio, training], results: 2);
        AssertTypes(h, op, "tensor<{N}x3xf32>", "tensor<{N}x3xi1>");

        var h2 = new OpTestHelpers();
        var single = Run(h2, "dropout", [h2.Input("x", ElementType.F16, 2, 3)]);
        AssertTypes(h2, single, "tensor<2x3xf16>");
    }

    [Fact]
    public void Dropout_reports_non_scalar_ratio()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "dropout", [h.Input("x", ElementType.F32, 2, 3), h.Input("r", ElementType.F32, 2)]);
        AssertError(h, op, InferenceCodes.RankMismatch);
    }

    [Theory]
    [InlineData("depth_to_space", new long[] { 1, 8, 2, 3 }, 2L, "tensor<1x2x4x6xf32>")]
    [InlineData("depth_to_space", new long[] { 2, 27, 1, 1 }, 3L, "tensor<2x3x3x3xf32>")]
    [InlineData("space_to_depth", new long[] { 1, 2, 4, 6 }, 2L, "tensor<1x8x2x3xf32>")]
    [InlineData("space_to_depth", new long[] { 1, 3, 9, 3 }, 3L, "tensor<1x27x3x1xf32>")]
    public void Depth_and_space_rearrangements(string mnemonic, long[] x, long blocksize, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, mnemonic, [h.Input("x", ElementType.F32, x)], A(("blocksize", blocksize)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void DepthToSpace_keeps_symbolic_batch_and_crd_mode()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "depth_to_space", [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 16, Dim.Sym("H"), 5))],
            A(("blocksize", 2L), ("mode", "CRD")));
        AssertTypes(h, op, "tensor<{N}x4x?x10xf32>");
    }

    [Theory]
    [InlineData("depth_to_space", new long[] { 1, 6, 2, 3 }, 2L, InferenceCodes.ShapeMismatch)]
    [InlineData("space_to_depth", new long[] { 1, 2, 5, 6 }, 2L, InferenceCodes.ShapeMismatch)]
    [InlineData("space_to_depth", new long[] { 2, 4, 6 }, 2L, InferenceCodes.RankMismatch)]
    [InlineData("depth_to_space", new long[] { 1, 8, 2, 3 }, 0L, InferenceCodes.BadAttributeValue)]
    public void Depth_and_space_report_bad_shapes(string mnemonic, long[] x, long blocksize, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, mnemonic, [h.Input("x", ElementType.F32, x)], A(("blocksize", blocksize)));
        AssertError(h, op, code);
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 10, 10 }, new long[] { 1, 5, 6, 2 }, "tensor<1x3x5x6xf32>")]
    [InlineData(new long[] { 2, 3, 4, 4, 4 }, new long[] { 2, 2, 3, 5, 3 }, "tensor<2x3x2x3x5xf32>")]
    [InlineData(new long[] { 1, 3, 10 }, new long[] { 1, 7, 1 }, "tensor<1x3x7xf32>")]
    public void GridSample_takes_spatial_dims_from_grid(long[] x, long[] grid, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "grid_sample", [h.Input("x", ElementType.F32, x), h.Input("g", ElementType.F32, grid)],
            A(("mode", "linear"), ("padding_mode", "zeros"), ("align_corners", 0L)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void GridSample_with_one_unranked_operand_keeps_what_is_known()
    {
        var h = new OpTestHelpers();
        var a = h.Op("grid_sample", [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 3, 8, 8)), h.Input("g", TensorType.Unranked(ElementType.F32))]);
        var b = h.Op("grid_sample", [h.Input("y", TensorType.Unranked(ElementType.F32)), h.Input("g2", ElementType.F32, 2, 4, 5, 2)]);
        h.Infer();
        AssertTypes(h, a, "tensor<{N}x3x?x?xf32>");
        Assert.Equal("tensor<2x?x4x5xf32>", b.Result.Type.ToString());
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 10, 10 }, new long[] { 1, 5, 6, 3 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 2, 3, 10, 10 }, new long[] { 1, 5, 6, 2 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 1, 3, 10, 10 }, new long[] { 1, 5, 2 }, InferenceCodes.RankMismatch)]
    public void GridSample_reports_bad_grids(long[] x, long[] grid, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "grid_sample", [h.Input("x", ElementType.F32, x), h.Input("g", ElementType.F32, grid)]);
        AssertError(h, op, code);
    }

    [Theory]
    [InlineData(new long[] { 1, 5, 5 }, new long[] { 5, 5 }, new long[] { 1, 5 }, null, null, null, "tensor<1x1x5x5xf32>")]
    [InlineData(new long[] { 1, 5, 15 }, new long[] { 5, 5 }, new long[] { 1, 5 }, new long[] { 0, 1, 0, 1 }, null, null, "tensor<1x1x5x5xf32>")]
    [InlineData(new long[] { 1, 9, 4 }, new long[] { 5, 5 }, new long[] { 3, 3 }, null, new long[] { 2, 2 }, null, "tensor<1x1x5x5xf32>")]
    [InlineData(new long[] { 1, 4, 5 }, new long[] { 6, 6 }, new long[] { 2, 2 }, null, null, new long[] { 1, 5 }, "tensor<1x1x6x6xf32>")]
    [InlineData(new long[] { 1, 10, 12 }, new long[] { 3, 4, 5 }, new long[] { 1, 1, 5 }, null, null, null, "tensor<1x2x3x4x5xf32>")]
    public void Col2Im_rebuilds_images(long[] x, long[] image, long[] block, long[]? pads, long[]? strides, long[]? dilations, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "col2_im", [h.Input("x", ElementType.F32, x), h.Ints("image", image), h.Ints("block", block)],
            A(("pads", pads), ("strides", strides), ("dilations", dilations)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void Col2Im_with_dynamic_image_shape_keeps_rank()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "col2_im", [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 18, 4)), h.Input("image", ElementType.I64, 2), h.Ints("block", 3, 3)]);
        AssertTypes(h, op, "tensor<{N}x2x?x?xf32>");
    }

    [Theory]
    [InlineData(new long[] { 1, 5, 6 }, new long[] { 5, 5 }, new long[] { 1, 5 })]
    [InlineData(new long[] { 1, 7, 5 }, new long[] { 5, 5 }, new long[] { 1, 5 })]
    public void Col2Im_reports_inconsistent_blocks(long[] x, long[] image, long[] block)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "col2_im", [h.Input("x", ElementType.F32, x), h.Ints("image", image), h.Ints("block", block)]);
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }

    [Theory]
    [InlineData("negative_log_likelihood_loss", new long[] { 3, 5 }, new long[] { 3 }, "mean", "tensor<f32>")]
    [InlineData("negative_log_likelihood_loss", new long[] { 3, 5 }, new long[] { 3 }, "none", "tensor<3xf32>")]
    [InlineData("negative_log_likelihood_loss", new long[] { 3, 5, 2, 7 }, new long[] { 3, 2, 7 }, "none", "tensor<3x2x7xf32>")]
    [InlineData("softmax_cross_entropy_loss", new long[] { 3, 5 }, new long[] { 3 }, "sum", "tensor<f32>")]
    [InlineData("softmax_cross_entropy_loss", new long[] { 3, 5, 2 }, new long[] { 3, 2 }, "none", "tensor<3x2xf32>")]
    public void Losses_reduce_or_keep_the_label_shape(string mnemonic, long[] scores, long[] labels, string reduction, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, mnemonic, [h.Input("s", ElementType.F32, scores), h.Input("l", ElementType.I64, labels), h.Input("w", ElementType.F32, 5)],
            A(("reduction", reduction), ("ignore_index", -1L)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void SoftmaxCrossEntropyLoss_log_prob_has_the_scores_type()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "softmax_cross_entropy_loss", [h.Input("s", T(ElementType.F16, Dim.Sym("N"), 10)), h.Input("l", T(ElementType.I32, Dim.Sym("N")))],
            A(("reduction", "none")), results: 2);
        AssertTypes(h, op, "tensor<{N}xf16>", "tensor<{N}x10xf16>");
    }

    [Theory]
    [InlineData(new long[] { 3, 5 }, new long[] { 3, 1 }, ElementType.I64, "mean", InferenceCodes.RankMismatch)]
    [InlineData(new long[] { 3, 5, 2 }, new long[] { 3, 4 }, ElementType.I64, "mean", InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 3, 5 }, new long[] { 3 }, ElementType.F32, "mean", InferenceCodes.TypeMismatch)]
    [InlineData(new long[] { 3, 5 }, new long[] { 3 }, ElementType.I64, "max", InferenceCodes.BadAttributeValue)]
    public void Losses_report_bad_inputs(long[] scores, long[] labels, ElementType labelType, string reduction, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "negative_log_likelihood_loss", [h.Input("s", ElementType.F32, scores), h.Input("l", labelType, labels)],
            A(("reduction", reduction)));
        AssertError(h, op, code);
    }

    [Fact]
    public void Losses_report_wrong_weight_length()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "softmax_cross_entropy_loss", [h.Input("s", ElementType.F32, 3, 5), h.Input("l", ElementType.I64, 3), h.Input("w", ElementType.F32, 4)]);
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }
}
