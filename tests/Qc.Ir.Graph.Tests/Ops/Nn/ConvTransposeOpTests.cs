using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class ConvTransposeOpTests
{
    [Theory]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, null, null, null, null, null, null, "tensor<1x2x5x5xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, null, new long[] { 3, 2 }, new long[] { 1, 2, 1, 2 }, null, null, null, "tensor<1x2x7x3xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, null, new long[] { 3, 2 }, null, new long[] { 10, 8 }, null, null, "tensor<1x2x10x8xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, null, new long[] { 3, 2 }, null, new long[] { 10, 8 }, new long[] { 1, 1 }, null, "tensor<1x2x10x8xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, null, new long[] { 3, 2 }, null, null, new long[] { 1, 1 }, null, "tensor<1x2x10x8xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 1, 2, 2 }, null, null, null, null, null, new long[] { 2, 2 }, "tensor<1x1x5x5xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, "SAME_UPPER", new long[] { 2, 2 }, null, null, null, null, "tensor<1x2x6x6xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, "SAME_LOWER", new long[] { 2, 2 }, null, null, null, null, "tensor<1x2x6x6xf32>")]
    [InlineData(new long[] { 1, 1, 3, 3 }, new long[] { 1, 2, 3, 3 }, "VALID", new long[] { 2, 2 }, null, null, null, null, "tensor<1x2x7x7xf32>")]
    [InlineData(new long[] { 1, 1, 3 }, new long[] { 1, 2, 3 }, null, null, null, null, null, null, "tensor<1x2x5xf32>")]
    [InlineData(new long[] { 1, 1, 3, 4, 5 }, new long[] { 1, 2, 3, 3, 3 }, null, null, null, null, null, null, "tensor<1x2x5x6x7xf32>")]
    public void ConvTranspose_shapes_follow_onnx_formulas(long[] x, long[] w, string? autoPad, long[]? strides, long[]? pads,
        long[]? outputShape, long[]? outputPadding, long[]? dilations, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv_transpose", [h.Input("x", ElementType.F32, x), h.Input("w", ElementType.F32, w)],
            A(("auto_pad", autoPad), ("strides", strides), ("pads", pads), ("output_shape", outputShape),
                ("output_padding", outputPadding), ("dilations", dilations)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void ConvTranspose_with_groups_multiplies_output_channels()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv_transpose", [h.Input("x", ElementType.F32, 1, 4, 5, 5), h.Input("w", ElementType.F32, 4, 3, 3, 3),
            h.Input("b", ElementType.F32, 6)], A(("group", 2L)));
        AssertTypes(h, op, "tensor<1x6x7x7xf32>");
    }

    [Fact]
    public void ConvTranspose_keeps_symbolic_batch_and_size_with_same_padding()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv_transpose", [h.Input("x", T(ElementType.F32, Dim.Sym("N"), 4, Dim.Sym("H"), 5)),
            h.Input("w", ElementType.F32, 4, 2, 3, 3)], A(("pads", new long[] { 1, 1, 1, 1 })));
        AssertTypes(h, op, "tensor<{N}x2x{H}x5xf32>");
    }

    [Fact]
    public void ConvTranspose_reports_channel_mismatch()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv_transpose", [h.Input("x", ElementType.F32, 1, 3, 5, 5), h.Input("w", ElementType.F32, 4, 2, 3, 3)]);
        AssertError(h, op, InferenceCodes.ShapeMismatch);
    }

    [Fact]
    public void ConvTranspose_reports_bad_output_shape_length()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "conv_transpose", [h.Input("x", ElementType.F32, 1, 1, 3, 3), h.Input("w", ElementType.F32, 1, 2, 3, 3)],
            A(("output_shape", new long[] { 10 })));
        AssertError(h, op, InferenceCodes.BadAttributeValue);
    }
}
