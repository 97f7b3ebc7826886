using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Indexing;

public sealed class GatherTests
{
    [Theory]
    [InlineData("5x4x3", "2x3", 0, "tensor<2x3x4x3xf32>")]
    [InlineData("5x4x3", "2x3", 1, "tensor<5x2x3x3xf32>")]
    [InlineData("5x4x3", "2x3", -1, "tensor<5x4x2x3xf32>")]
    [InlineData("5x4x3", "", 0, "tensor<4x3xf32>")]
    [InlineData("5x4x3", "7", 2, "tensor<5x4x7xf32>")]
    [InlineData("{b}x{s}x8", "{k}", 1, "tensor<{b}x{k}x8xf32>")]
    public void Gather(string data, string indices, long axis, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("gather", [h.In("d", ElementType.F32, data), h.In("i", ElementType.I64, indices)], Attrs(("axis", IntA(axis))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void GatherErrors()
    {
        var h = new OpTestHelpers();
        var badType = h.Op("gather", [h.Input("d", ElementType.F32, 3), h.Input("i", ElementType.F32, 2)]);
        var badAxis = h.Op("gather", [h.Input("e", ElementType.F32, 3), h.Input("j", ElementType.I32, 2)], Attrs(("axis", IntA(1))));
        var scalar = h.Op("gather", [h.Input("f", ElementType.F32), h.Input("k", ElementType.I32, 2)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.TypeMismatch));
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
        Assert.True(h.HasCode(InferenceCodes.RankMismatch));
        Assert.All(new[] { badType, badAxis, scalar }, op => Assert.Equal("?", op.TypeOf()));
    }

    [Theory]
    [InlineData(new long[] { 0 }, true, "tensor<i64>", "[{b}]")]
    [InlineData(new long[] { -2 }, true, "tensor<i64>", "[{s}]")]
    [InlineData(new long[] { 2, 0 }, false, "tensor<2xi64>", "[8, {b}]")]
    [InlineData(new long[] { 1 }, false, "tensor<1xi64>", "[{s}]")]
    public void GathersShapeValues(long[] indices, bool scalar, string expectedType, string expectedValue)
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{b}x{s}x8")]);
        var idx = scalar ? h.Scalar("i", indices[0]) : h.Ints("i", indices);
        var op = h.Op("gather", [shape.Result, idx], Attrs(("axis", IntA(0))));
        var ctx = h.Infer();
        Assert.Equal(expectedType, op.TypeOf());
        Assert.Equal(expectedValue, ctx.ShapeValueOf(op.Result));
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void GatherFromConstantAndOutOfRangeIndex()
    {
        var h = new OpTestHelpers();
        var ok = h.Op("gather", [h.Ints("c", 10, 20, 30), h.Scalar("i", 1)]);
        var bad = h.Op("gather", [h.Ints("c2", 10, 20, 30), h.Scalar("j", 3L)]);
        var ctx = h.Infer();
        Assert.Equal("[20]", ctx.ShapeValueOf(ok.Result));
        Assert.Equal("none", ctx.ShapeValueOf(bad.Result));
        Assert.True(h.HasCode(InferenceCodes.BadInput));
    }

    [Theory]
    [InlineData("3x3", "2x3", 0, "tensor<2x3xf32>")]
    [InlineData("3x3", "3x1", 1, "tensor<3x1xf32>")]
    [InlineData("{b}x5", "{b}x2", -1, "tensor<{b}x2xf32>")]
    public void GatherElements(string data, string indices, long axis, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("gather_elements", [h.In("d", ElementType.F32, data), h.In("i", ElementType.I32, indices)], Attrs(("axis", IntA(axis))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void GatherElementsErrors()
    {
        var h = new OpTestHelpers();
        h.Op("gather_elements", [h.Input("d", ElementType.F32, 3, 3), h.Input("i", ElementType.I64, 3)]);
        h.Op("gather_elements", [h.Input("e", ElementType.F32, 3, 3), h.Input("j", ElementType.I64, 3, 3)], Attrs(("axis", IntA(2))));
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.RankMismatch));
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }

    [Theory]
    [InlineData("2x2", "2x2", 0, "tensor<2xi32>")]
    [InlineData("2x2", "2x1", 0, "tensor<2x2xi32>")]
    [InlineData("2x2x2", "2x2", 0, "tensor<2x2xi32>")]
    [InlineData("2x2x2", "2x1x2", 0, "tensor<2x1x2xi32>")]
    [InlineData("2x2x2", "2x1", 1, "tensor<2x2xi32>")]
    [InlineData("{b}x5x7x9", "{b}x3x2", 1, "tensor<{b}x3x9xi32>")]
    public void GatherNd(string data, string indices, long batchDims, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("gather_nd", [h.In("d", ElementType.I32, data), h.In("i", ElementType.I64, indices)],
            Attrs(("batch_dims", IntA(batchDims))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("2x2", "2x3", 0, InferenceCodes.ShapeMismatch)]
    [InlineData("2x2x2", "3x1", 1, InferenceCodes.ShapeMismatch)]
    [InlineData("2x2", "2x1", 2, InferenceCodes.BadAttributeValue)]
    public void GatherNdErrors(string data, string indices, long batchDims, int code)
    {
        var h = new OpTestHelpers();
        var op = h.Op("gather_nd", [h.In("d", ElementType.F32, data), h.In("i", ElementType.I64, indices)],
            Attrs(("batch_dims", IntA(batchDims))));
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Fact]
    public void GatherNdWithUnknownIndexDepthIsUnranked()
    {
        var h = new OpTestHelpers();
        var op = h.Op("gather_nd", [h.Input("d", ElementType.F32, 2, 2), h.In("i", ElementType.I64, "3x?")]);
        h.Infer();
        Assert.Equal("tensor<*xf32>", op.TypeOf());
    }
}
