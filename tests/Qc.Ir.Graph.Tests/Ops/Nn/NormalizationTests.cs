using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class NormalizationTests
{
    [Fact]
    public void BatchNormalization_inference_mode_keeps_shape()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "batch_normalization", [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 3, 4, 5)), h.Input("s", ElementType.F32, 3),
            h.Input("b", ElementType.F32, 3), h.Input("m", ElementType.F32, 3), h.Input("v", ElementType.F32, 3)]);
        AssertTypes(h, op, "tensor<{N}x3x4x5xf32>");
    }

    [Fact]
    public void BatchNormalization_training_mode_produces_running_statistics()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "batch_normalization", [h.Input("x", ElementType.F16, 2, 3, 4, 5), h.Input("s", ElementType.F16, 3),
            h.Input("b", ElementType.F16, 3), h.Input("m", ElementType.F32, 3), h.Input("v", ElementType.F32, 3)],
            A(("training_mode", 1L)), results: 3);
        AssertTypes(h, op, "tensor<2x3x4x5xf16>", "tensor<3xf32>", "tensor<3xf32>");
    }

    [Fact]
    public void BatchNormalization_accepts_1d_input_with_one_channel()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "batch_normalization", [h.Input("x", ElementType.F32, 6), h.Input("s", ElementType.F32, 1),
            h.Input("b", ElementType.F32, 1), h.Input("m", ElementType.F32, 1), h.Input("v", ElementType.F32, 1)]);
        AssertTypes(h, op, "tensor<6xf32>");
    }

    [Theory]
    [InlineData(new long[] { 4 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 3, 1 }, InferenceCodes.RankMismatch)]
    public void BatchNormalization_reports_bad_parameter_shapes(long[] scale, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "batch_normalization", [h.Input("x", ElementType.F32, 2, 3, 4, 5), h.Input("s", ElementType.F32, scale),
            h.Input("b", ElementType.F32, 3), h.Input("m", ElementType.F32, 3), h.Input("v", ElementType.F32, 3)]);
        AssertError(h, op, code);
    }

    [Fact]
    public void InstanceNormalization_keeps_shape_and_checks_scale()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "instance_normalization", [h.Input("x", ElementType.F32, 2, 3, 4, 5), h.Input("s", ElementType.F32, 3),
            h.Input("b", ElementType.F32, 3)], A(("epsilon", 1e-5f)));
        AssertTypes(h, op, "tensor<2x3x4x5xf32>");

        var h2 = new OpTestHelpers();
        var bad = Run(h2, "instance_normalization", [h2.Input("x", ElementType.F32, 2, 3, 4, 5), h2.Input("s", ElementType.F32, 4),
            h2.Input("b", ElementType.F32, 3)]);
        AssertError(h2, bad, InferenceCodes.ShapeMismatch);
    }

    [Theory]
    [InlineData(-1L, "tensor<2x3x4xf32>", "tensor<2x3x1xf32>")]
    [InlineData(1L, "tensor<2x3x4xf32>", "tensor<2x1x1xf32>")]
    [InlineData(-3L, "tensor<2x3x4xf32>", "tensor<1x1x1xf32>")]
    [InlineData(2L, "tensor<2x3x4xf32>", "tensor<2x3x1xf32>")]
    public void LayerNormalization_reduces_trailing_axes_in_mean_and_inv_std_dev(long axis, string y, string mean)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "layer_normalization", [h.Input("x", ElementType.F32, 2, 3, 4), h.Input("s", ElementType.F32, 4),
            h.Input("b", ElementType.F32, 4)], A(("axis", axis)), results: 3);
        AssertTypes(h, op, y, mean, mean);
    }

    [Fact]
    public void LayerNormalization_uses_stash_type_for_statistics()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "layer_normalization", [h.Input("x", T(ElementType.F16, Dim.Sym("B"), Dim.Sym("S"), 768)),
            h.Input("s", ElementType.F16, 768)], A(("stash_type", 1L)), results: 2);
        AssertTypes(h, op, "tensor<{B}x{S}x768xf16>", "tensor<{B}x{S}x1xf32>");
    }

    [Theory]
    [InlineData(3L, new long[] { 4 }, 1L, InferenceCodes.BadAttributeValue)]
    [InlineData(-1L, new long[] { 5 }, 1L, InferenceCodes.ShapeMismatch)]
    [InlineData(-1L, new long[] { 4 }, 7L, InferenceCodes.BadAttributeValue)]
    public void LayerNormalization_reports_bad_axis_scale_or_stash_type(long axis, long[] scale, long stash, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "layer_normalization", [h.Input("x", ElementType.F32, 2, 3, 4), h.Input("s", ElementType.F32, scale)],
            A(("axis", axis), ("stash_type", stash)));
        AssertError(h, op, code);
    }

    [Fact]
    public void GroupNormalization_keeps_shape_with_per_channel_scale()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "group_normalization", [h.Input("x", ElementType.F32, 2, 6, 4, 4), h.Input("s", ElementType.F32, 6),
            h.Input("b", ElementType.F32, 6)], A(("num_groups", 3L), ("epsilon", 1e-5f), ("stash_type", 1L)));
        AssertTypes(h, op, "tensor<2x6x4x4xf32>");
    }

    [Theory]
    [InlineData(4L, 6L, InferenceCodes.BadAttributeValue)]
    [InlineData(0L, 6L, InferenceCodes.BadAttributeValue)]
    [InlineData(3L, 3L, InferenceCodes.ShapeMismatch)]
    public void GroupNormalization_reports_bad_groups_or_scale(long groups, long scale, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "group_normalization", [h.Input("x", ElementType.F32, 2, 6, 4, 4), h.Input("s", ElementType.F32, scale),
            h.Input("b", ElementType.F32, scale)], A(("num_groups", groups)));
        AssertError(h, op, code);
    }

    [Theory]
    [InlineData("mean_variance_normalization", "axes", new long[] { 0, 2, 3 })]
    [InlineData("mean_variance_normalization", "axes", new long[] { -1 })]
    [InlineData("lp_normalization", "axis", 1L)]
    [InlineData("lrn", "size", 3L)]
    public void Shape_preserving_normalizations(string mnemonic, string attr, object value)
    {
        var h = new OpTestHelpers();
        var op = Run(h, mnemonic, [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 3, 4, 5))], A((attr, value)));
        AssertTypes(h, op, "tensor<{N}x3x4x5xf32>");
    }

    [Theory]
    [InlineData("mean_variance_normalization", "axes", new long[] { 0, 4 })]
    [InlineData("lp_normalization", "p", 3L)]
    [InlineData("lp_normalization", "axis", 4L)]
    [InlineData("lrn", "size", 0L)]
    public void Normalizations_report_bad_attributes(string mnemonic, string attr, object value)
    {
        var h = new OpTestHelpers();
        var op = Run(h, mnemonic, [h.Input("x", ElementType.F32, 2, 3, 4, 5)], A((attr, value)));
        AssertError(h, op, InferenceCodes.BadAttributeValue);
    }

    [Theory]
    [InlineData("softmax")]
    [InlineData("log_softmax")]
    [InlineData("hardmax")]
    public void Softmax_family_keeps_type_and_checks_axis(string mnemonic)
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", T(ElementType.F32, Dim.Sym("N"), 10));
        var byDefault = h.Op(mnemonic, [x]);
        var first = h.Op(mnemonic, [x], A(("axis", -2L)));
        h.Infer();
        AssertTypes(h, byDefault, "tensor<{N}x10xf32>");
        Assert.Equal("tensor<{N}x10xf32>", first.Result.Type.ToString());

        var h2 = new OpTestHelpers();
        var bad = Run(h2, mnemonic, [h2.Input("x", ElementType.F32, 2, 10)], A(("axis", 2L)));
        AssertError(h2, bad, InferenceCodes.BadAttributeValue);
    }
}
