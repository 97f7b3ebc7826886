using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class ResizeOpTests
{
    private static Value Floats(OpTestHelpers h, string name, params float[] values) =>
        h.Const(name, TensorData.Create<float>([values.Length], values));

    [Theory]
    [InlineData(new long[] { 1, 3, 4, 4 }, new float[] { 1, 1, 2, 2 }, null, "tensor<1x3x8x8xf32>")]
    [InlineData(new long[] { 1, 1, 2, 4 }, new float[] { 1, 1, 0.6f, 0.6f }, null, "tensor<1x1x1x2xf32>")]
    [InlineData(new long[] { 1, 1, 4, 4 }, new float[] { 1, 1, 0.8f, 0.8f }, null, "tensor<1x1x3x3xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new float[] { 1, 1, 1.5f, 2.5f }, null, "tensor<1x1x4x7xf32>")]
    [InlineData(new long[] { 1, 1, 4, 4 }, new float[] { 2, 3 }, new long[] { 2, 3 }, "tensor<1x1x8x12xf32>")]
    [InlineData(new long[] { 1, 1, 4, 4 }, new float[] { 3, 2 }, new long[] { -1, -2 }, "tensor<1x1x8x12xf32>")]
    public void Resize_with_scales_floors_the_scaled_size(long[] x, float[] scales, long[]? axes, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "resize", [h.Input("x", ElementType.F32, x), null, Floats(h, "scales", scales)],
            A(("axes", axes), ("mode", "linear"), ("coordinate_transformation_mode", "half_pixel")));
        AssertTypes(h, op, expected);
    }

    [Theory]
    [InlineData(new long[] { 1, 1, 2, 2 }, new long[] { 1, 1, 7, 8 }, null, "stretch", "tensor<1x1x7x8xf32>")]
    [InlineData(new long[] { 1, 1, 2, 2 }, new long[] { 7, 8 }, new long[] { 2, 3 }, "not_larger", "tensor<1x1x7x7xf32>")]
    [InlineData(new long[] { 1, 1, 2, 2 }, new long[] { 7, 8 }, new long[] { 2, 3 }, "not_smaller", "tensor<1x1x8x8xf32>")]
    [InlineData(new long[] { 1, 1, 2, 4 }, new long[] { 1, 3 }, new long[] { 2, 3 }, "not_larger", "tensor<1x1x1x2xf32>")]
    [InlineData(new long[] { 1, 1, 2, 4 }, new long[] { 1, 3 }, new long[] { 2, 3 }, "not_smaller", "tensor<1x1x2x3xf32>")]
    [InlineData(new long[] { 1, 1, 4, 4 }, new long[] { 1, 1, 3, 2 }, null, "not_larger", "tensor<1x1x2x2xf32>")]
    public void Resize_with_sizes_applies_keep_aspect_ratio_policy(long[] x, long[] sizes, long[]? axes, string policy, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "resize", [h.Input("x", ElementType.F32, x), null, null, h.Ints("sizes", sizes)],
            A(("axes", axes), ("keep_aspect_ratio_policy", policy)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void Resize_treats_empty_scales_as_absent()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "resize", [h.Input("x", ElementType.F32, 1, 3, 10, 10), Floats(h, "roi"), Floats(h, "scales"), h.Ints("sizes", 1, 3, 20, 15)]);
        AssertTypes(h, op, "tensor<1x3x20x15xf32>");
    }

    [Fact]
    public void Resize_propagates_symbolic_dims_and_unknown_sizes()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", T(ElementType.F32, Dim.Sym("N"), 3, 4, 4));
        var scaled = h.Op("resize", [x, null, Floats(h, "scales", 1, 1, 2, 2)]);
        var dynamicSizes = h.Op("resize", [x, null, null, h.Input("sizes", ElementType.I64, 2)], A(("axes", new long[] { 2, 3 })));
        var dynamicScales = h.Op("resize", [x, null, h.Input("scales2", ElementType.F32, 4)]);
        var unranked = h.Op("resize", [h.Input("u", TensorType.Unranked(ElementType.F32)), null, Floats(h, "s3", 2, 2)]);
        h.Infer();
        AssertTypes(h, scaled, "tensor<{N}x3x8x8xf32>");
        Assert.Equal("tensor<{N}x3x?x?xf32>", dynamicSizes.Result.Type.ToString());
        Assert.Equal("tensor<?x?x?x?xf32>", dynamicScales.Result.Type.ToString());
        Assert.Equal("tensor<*xf32>", unranked.Result.Type.ToString());
    }

    [Fact]
    public void Resize_reads_sizes_from_shape_values()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", ElementType.F32, 1, 3, 4, 4);
        var sizes = h.Op("identity", [h.Ints("sizes", 1, 3, 9, 9)]).Result;
        var op = Run(h, "resize", [x, null, null, sizes]);
        AssertTypes(h, op, "tensor<1x3x9x9xf32>");
    }

    [Fact]
    public void Resize_reports_conflicting_or_missing_scales_and_sizes()
    {
        var h = new OpTestHelpers();
        var both = Run(h, "resize", [h.Input("x", ElementType.F32, 1, 1, 2, 2), null, Floats(h, "s", 1, 1, 2, 2), h.Ints("z", 1, 1, 4, 4)]);
        AssertError(h, both, InferenceCodes.BadInput);

        var h2 = new OpTestHelpers();
        var neither = Run(h2, "resize", [h2.Input("x", ElementType.F32, 1, 1, 2, 2)]);
        AssertError(h2, neither, InferenceCodes.BadInput);
    }

    [Theory]
    [InlineData(new float[] { 2, 2 }, null, null, InferenceCodes.ShapeMismatch)]
    [InlineData(new float[] { 1, 1, 2, 2 }, "not_larger", null, InferenceCodes.BadAttributeValue)]
    [InlineData(new float[] { 1, 1, 2, 2 }, null, "bilinear", InferenceCodes.BadAttributeValue)]
    [InlineData(new float[] { 1, 1, 0, 2 }, null, null, InferenceCodes.BadInput)]
    public void Resize_reports_bad_scales_and_attributes(float[] scales, string? policy, string? mode, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "resize", [h.Input("x", ElementType.F32, 1, 1, 2, 2), null, Floats(h, "s", scales)],
            A(("keep_aspect_ratio_policy", policy), ("mode", mode)));
        AssertError(h, op, code);
    }

    [Fact]
    public void Resize_reports_repeated_axes()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "resize", [h.Input("x", ElementType.F32, 1, 1, 2, 2), null, Floats(h, "s", 2, 2)], A(("axes", new long[] { 2, -2 })));
        AssertError(h, op, InferenceCodes.BadAttributeValue);
    }
}
