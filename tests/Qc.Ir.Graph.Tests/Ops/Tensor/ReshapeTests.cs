using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

public sealed class ReshapeTests
{
    [Theory]
    [InlineData("2x3x4", "4,6", 0, "tensor<4x6xf32>")]
    [InlineData("2x3x4", "-1", 0, "tensor<24xf32>")]
    [InlineData("2x3x4", "0,-1", 0, "tensor<2x12xf32>")]
    [InlineData("2x3x4", "2,0,2,-1", 0, "tensor<2x3x2x2xf32>")]
    [InlineData("2x3x4", "-1,4", 0, "tensor<6x4xf32>")]
    [InlineData("2x3x4", "0,0,4", 0, "tensor<2x3x4xf32>")]
    [InlineData("2x3x4", "4,2,3", 1, "tensor<4x2x3xf32>")]
    [InlineData("0x3x4", "3,4,0", 1, "tensor<3x4x0xf32>")]
    [InlineData("{b}x3x4", "0,-1", 0, "tensor<{b}x12xf32>")]
    [InlineData("{b}x3x4", "0,3,2,2", 0, "tensor<{b}x3x2x2xf32>")]
    [InlineData("{b}x3x4", "-1,12", 0, "tensor<{b}x12xf32>")]
    [InlineData("{b}x3x4", "-1,5", 0, "tensor<?x5xf32>")]
    [InlineData("?x3x4", "0,-1", 0, "tensor<?x?xf32>")]
    public void ReshapesToConstantShape(string input, string shape, long allowZero, string expected)
    {
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, input);
        var op = h.Op("reshape", [x, h.Ints("s", ShapeTestKit.Longs(shape))], Attrs(("allowzero", IntA(allowZero))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("5,-1", InferenceCodes.ShapeMismatch)]
    [InlineData("7", InferenceCodes.ShapeMismatch)]
    [InlineData("-1,-1", InferenceCodes.BadInput)]
    [InlineData("2,-3,4", InferenceCodes.BadInput)]
    [InlineData("0,0,0,0", InferenceCodes.BadInput)]
    public void ReportsBadTargetShapes(string shape, int code)
    {
        var h = new OpTestHelpers();
        var op = h.Op("reshape", [h.Input("x", ElementType.F32, 2, 3, 4), h.Ints("s", ShapeTestKit.Longs(shape))]);
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Fact]
    public void ReportsZeroWithMinusOneUnderAllowZero()
    {
        var h = new OpTestHelpers();
        h.Op("reshape", [h.Input("x", ElementType.F32, 2, 3, 4), h.Ints("s", 0, -1)], Attrs(("allowzero", IntA(1))));
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadInput));
    }

    [Fact]
    public void UnknownShapeGivesRankFromShapeLength()
    {
        var h = new OpTestHelpers();
        var s = h.Input("s", ElementType.I64, 3);
        var op = h.Op("reshape", [h.Input("x", ElementType.F32, 2, 3, 4), s]);
        h.Infer();
        Assert.Equal("tensor<?x?x?xf32>", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("2x3x4", 0L, "tensor<24xf32>")]
    [InlineData("2x3x4", 1L, "tensor<24xf32>")]
    [InlineData("{n}x1", 0L, "tensor<{n}xf32>")]
    [InlineData("{n}x4", 0L, "tensor<?xf32>")]
    public void UnknownOneElementShapeKeepsEveryElement(string input, long allowZero, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("reshape", [h.In("x", ElementType.F32, input), h.Input("s", ElementType.I64, 1)], Attrs(("allowzero", IntA(allowZero))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void UnknownInputTypeLeavesResultUnknown()
    {
        var h = new OpTestHelpers();
        var x = h.Main.AddParameter("x", IrType.Unknown);
        var op = h.Op("reshape", [x, h.Ints("s", 4, 6)]);
        h.Infer();
        Assert.Equal("?", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void UnrankedInputWithStaticShapeIsRanked()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", TensorType.Unranked(ElementType.F16));
        var op = h.Op("reshape", [x, h.Ints("s", 4, 0, -1)]);
        h.Infer();
        Assert.Equal("tensor<4x?x?xf16>", op.TypeOf());
    }

    [Fact]
    public void ReshapesShapeValueToScalar()
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{n}")]);
        var op = h.Op("reshape", [shape.Result, h.Const("empty", TensorData.Create<long>([0], []))]);
        var ctx = h.Infer();
        Assert.Equal("tensor<i64>", op.TypeOf());
        Assert.Equal("[{n}]", ctx.ShapeValueOf(op.Result));
    }
}
