using Qc.Core.Tensors;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

public sealed class SliceTests
{
    private const long Max = long.MaxValue;
    private const long Min = long.MinValue;

    [Theory]
    [InlineData("20x10x5", new long[] { 0, 0 }, new long[] { 3, 10 }, new long[] { 0, 1 }, new long[] { 1, 1 }, "3x10x5")]
    [InlineData("20x10x5", new long[] { 0, 0, 3 }, new long[] { 20, 10, 4 }, null, null, "20x10x1")]
    [InlineData("20x10x5", new long[] { 1 }, new long[] { 1000 }, new long[] { 1 }, new long[] { 1 }, "20x9x5")]
    [InlineData("20x10x5", new long[] { 1000 }, new long[] { 1000 }, new long[] { 1 }, new long[] { 1 }, "20x0x5")]
    [InlineData("20x10x5", new long[] { 0 }, new long[] { -1 }, new long[] { 1 }, new long[] { 1 }, "20x9x5")]
    [InlineData("20x10x5", new long[] { 0, 0, 3 }, new long[] { -1, 10, 4 }, new long[] { 0, -2, -1 }, null, "19x10x1")]
    [InlineData("20x10x5", new long[] { 20, 10, 4 }, new long[] { 0, 0, 1 }, new long[] { 0, 1, 2 }, new long[] { -1, -3, -2 }, "19x3x2")]
    [InlineData("20x10x5", new long[] { -1 }, new long[] { Min }, new long[] { 1 }, new long[] { -1 }, "20x10x5")]
    [InlineData("20x10x5", new long[] { 0 }, new long[] { Max }, new long[] { 1 }, new long[] { 3 }, "20x4x5")]
    [InlineData("20x10x5", new long[] { Max }, new long[] { Min }, new long[] { 1 }, new long[] { Min }, "20x1x5")]
    [InlineData("20x10x5", new long[] { 5 }, new long[] { 2 }, new long[] { 1 }, new long[] { 1 }, "20x0x5")]
    [InlineData("20x10x5", new long[] { -100 }, new long[] { 3 }, new long[] { 0 }, null, "3x10x5")]
    [InlineData("{b}x10", new long[] { 0 }, new long[] { Max }, new long[] { 0 }, null, "{b}x10")]
    [InlineData("{b}x10", new long[] { -1 }, new long[] { Min }, new long[] { 0 }, new long[] { -1 }, "{b}x10")]
    [InlineData("{b}x10", new long[] { 1 }, new long[] { Max }, new long[] { 0 }, null, "?x10")]
    [InlineData("{b}x10", new long[] { 1 }, new long[] { 3 }, new long[] { 1 }, null, "{b}x2")]
    [InlineData("0x10", new long[] { 0 }, new long[] { 1 }, new long[] { 0 }, new long[] { -1 }, "0x10")]
    public void Slice(string input, long[] starts, long[] ends, long[]? axes, long[]? steps, string expected)
    {
        var h = new OpTestHelpers();
        var inputs = new List<Value?> { h.In("x", ElementType.F32, input), h.Ints("starts", starts), h.Ints("ends", ends) };
        if (axes is not null || steps is not null)
        {
            inputs.Add(axes is null ? null : h.Ints("axes", axes));
        }

        if (steps is not null)
        {
            inputs.Add(h.Ints("steps", steps));
        }

        var op = h.Op("slice", [.. inputs]);
        h.Infer();
        Assert.Equal($"tensor<{expected}xf32>", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData(0, 1, 1, 1)]
    [InlineData(-1, Min, -1, 4)]
    [InlineData(3, -1, -1, 0)]
    [InlineData(3, 0, -1, 3)]
    [InlineData(0, 4, 2, 2)]
    [InlineData(Min, Max, 1, 4)]
    public void SliceLengthFollowsOnnxClamping(long start, long end, long step, long expected) =>
        Assert.Equal(expected, SliceOp.SliceLength(4, start, end, step));

    [Fact]
    public void UnknownStartsMarkOnlySlicedAxes()
    {
        var h = new OpTestHelpers();
        var op = h.Op("slice", [h.Input("x", ElementType.F32, 20, 10, 5), h.Input("s", ElementType.I64, 1),
            h.Input("e", ElementType.I64, 1), h.Ints("axes", 1)]);
        var noAxes = h.Op("slice", [h.Input("y", ElementType.F32, 20, 10, 5), h.Input("s2", ElementType.I64, 2),
            h.Input("e2", ElementType.I64, 2)]);
        h.Infer();
        Assert.Equal("tensor<20x?x5xf32>", op.TypeOf());
        Assert.Equal("tensor<?x?x5xf32>", noAxes.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData(new long[] { 0 }, new long[] { 1 }, new long[] { 0 }, new long[] { 0 }, InferenceCodes.BadInput)]
    [InlineData(new long[] { 0, 0 }, new long[] { 1 }, null, null, InferenceCodes.BadInput)]
    [InlineData(new long[] { 0 }, new long[] { 1 }, new long[] { 3 }, null, InferenceCodes.BadAttributeValue)]
    [InlineData(new long[] { 0, 0 }, new long[] { 1, 1 }, new long[] { 1, -2 }, null, InferenceCodes.BadAttributeValue)]
    public void SliceErrors(long[] starts, long[] ends, long[]? axes, long[]? steps, int code)
    {
        var h = new OpTestHelpers();
        var op = h.Op("slice", [h.Input("x", ElementType.F32, 20, 10, 5), h.Ints("s", starts), h.Ints("e", ends),
            axes is null ? null : h.Ints("a", axes), steps is null ? null : h.Ints("p", steps)]);
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Theory]
    [InlineData(0, 2, 1, "[{n}, 3]")]
    [InlineData(-1, Max, 1, "[{w}]")]
    [InlineData(-1, Min, -1, "[{w}, 4, 3, {n}]")]
    [InlineData(1, 4, 2, "[3, {w}]")]
    [InlineData(2, 2, 1, "[]")]
    public void SlicesShapeValues(long start, long end, long step, string expected)
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{n}x3x4x{w}")]);
        var op = h.Op("slice", [shape.Result, h.Ints("s", start), h.Ints("e", end), h.Ints("a", 0), h.Ints("p", step)]);
        var ctx = h.Infer();
        Assert.Equal(expected, ctx.ShapeValueOf(op.Result));
    }
}
