using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

public sealed class PadExpandTileTests
{
    [Theory]
    [InlineData("1x3x4x5", "0,0,1,2,0,0,3,4", null, "constant", "1x3x8x11")]
    [InlineData("1x3x4x5", "1,2,3,4", "2,3", "reflect", "1x3x8x11")]
    [InlineData("1x3x4x5", "1,1", "-1", "edge", "1x3x4x7")]
    [InlineData("1x3x4x5", "0,0,-1,-1,0,0,-1,-1", null, "wrap", "1x3x2x3")]
    [InlineData("{b}x3x4x5", "0,0,1,1,0,0,1,1", null, "constant", "{b}x3x6x7")]
    [InlineData("{b}x3", "1,1", "0", "constant", "?x3")]
    public void Pad(string input, string pads, string? axes, string mode, string expected)
    {
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, input);
        Value?[] inputs = axes is null ? [x, h.Ints("pads", ShapeTestKit.Longs(pads))]
            : [x, h.Ints("pads", ShapeTestKit.Longs(pads)), null, h.Ints("axes", ShapeTestKit.Longs(axes))];
        var op = h.Op("pad", inputs, Attrs(("mode", StrA(mode))));
        h.Infer();
        Assert.Equal($"tensor<{expected}xf32>", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void PadWithConstantValueAndUnknownPads()
    {
        var h = new OpTestHelpers();
        var withValue = h.Op("pad", [h.Input("x", ElementType.F32, 2, 3), h.Ints("p", 1, 0, 1, 0), h.Scalar("v", 1.5f)]);
        var unknown = h.Op("pad", [h.Input("y", ElementType.F32, 2, 3), h.Input("q", ElementType.I64, 2), null, h.Ints("a", 1)]);
        h.Infer();
        Assert.Equal("tensor<4x3xf32>", withValue.TypeOf());
        Assert.Equal("tensor<2x?xf32>", unknown.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void PadConstantValueMustMatchDataType()
    {
        var h = new OpTestHelpers();
        var op = h.Op("pad", [h.Input("x", ElementType.F32, 2, 3), h.Ints("p", 1, 0, 1, 0), h.Scalar("v", 1L)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.TypeMismatch));
        Assert.Equal("?", op.TypeOf());
    }

    [Theory]
    [InlineData("1,1,1", null, "constant", InferenceCodes.BadInput)]
    [InlineData("1,1,1,1", null, "mirror", InferenceCodes.BadAttributeValue)]
    [InlineData("-3,0,0,0", null, "constant", InferenceCodes.BadInput)]
    [InlineData("1,1", "2", "constant", InferenceCodes.BadAttributeValue)]
    public void PadErrors(string pads, string? axes, string mode, int code)
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", ElementType.F32, 2, 3);
        Value?[] inputs = axes is null ? [x, h.Ints("pads", ShapeTestKit.Longs(pads))]
            : [x, h.Ints("pads", ShapeTestKit.Longs(pads)), null, h.Ints("axes", ShapeTestKit.Longs(axes))];
        var op = h.Op("pad", inputs, Attrs(("mode", StrA(mode))));
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Theory]
    [InlineData("3x1", "2,1,6", "2x3x6")]
    [InlineData("3x1", "3,4", "3x4")]
    [InlineData("3x1", "1", "3x1")]
    [InlineData("1", "2,3", "2x3")]
    [InlineData("{b}x1", "1,5", "{b}x5")]
    [InlineData("1x1", "0,4", "0x4")]
    public void Expand(string input, string shape, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("expand", [h.In("x", ElementType.F32, input), h.Ints("shape", ShapeTestKit.Longs(shape))]);
        h.Infer();
        Assert.Equal($"tensor<{expected}xf32>", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ExpandToSymbolicShapeValueAndUnknownShape()
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("t", ElementType.F32, "{b}x{s}x8")]);
        var op = h.Op("expand", [h.Input("x", ElementType.F32, 1, 1, 8), shape.Result]);
        var unknown = h.Op("expand", [h.Input("y", ElementType.F32, 3, 1), h.Input("s", ElementType.I64, 3)]);
        h.Infer();
        Assert.Equal("tensor<{b}x{s}x8xf32>", op.TypeOf());
        Assert.Equal("tensor<?x3x?xf32>", unknown.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ExpandReportsIncompatibleShape()
    {
        var h = new OpTestHelpers();
        var op = h.Op("expand", [h.Input("x", ElementType.F32, 3, 2), h.Ints("s", 4)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.ShapeMismatch));
        Assert.Equal("?", op.TypeOf());
    }

    [Theory]
    [InlineData("2x3", "2,2", "4x6")]
    [InlineData("2x3", "1,1", "2x3")]
    [InlineData("{b}x3", "1,2", "{b}x6")]
    [InlineData("{b}x3", "2,1", "?x3")]
    [InlineData("2x3", "0,3", "0x9")]
    public void Tile(string input, string repeats, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("tile", [h.In("x", ElementType.F32, input), h.Ints("r", ShapeTestKit.Longs(repeats))]);
        h.Infer();
        Assert.Equal($"tensor<{expected}xf32>", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void TileErrorsAndUnknownRepeats()
    {
        var h = new OpTestHelpers();
        var bad = h.Op("tile", [h.Input("x", ElementType.F32, 2, 3), h.Ints("r", 2)]);
        var unknown = h.Op("tile", [h.Input("y", ElementType.F32, 2, 3), h.Input("q", ElementType.I64, 2)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadInput));
        Assert.Equal("?", bad.TypeOf());
        Assert.Equal("tensor<?x?xf32>", unknown.TypeOf());
    }
}
