using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

/// <summary>Range, EyeLike, Trilu.</summary>
public sealed class GeneratorOpTests
{
    [Theory]
    [InlineData(0L, 10L, 3L, "tensor<4xi64>", "[0, 3, 6, 9]")]
    [InlineData(10L, 4L, -3L, "tensor<2xi64>", "[10, 7]")]
    [InlineData(3L, 3L, 1L, "tensor<0xi64>", "[]")]
    [InlineData(5L, 1L, 2L, "tensor<0xi64>", "[]")]
    [InlineData(1L, 5L, 1L, "tensor<4xi64>", "[1, 2, 3, 4]")]
    public void IntegerRange(long start, long limit, long delta, string expected, string value)
    {
        var h = new OpTestHelpers();
        var op = h.Op("range", [h.Scalar("s", start), h.Scalar("l", limit), h.Scalar("d", delta)]);
        var ctx = h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Equal(value, ctx.ShapeValueOf(op.Result));
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData(1f, 5f, 0.5f, "tensor<8xf32>")]
    [InlineData(0f, 1f, 0.3f, "tensor<4xf32>")]
    [InlineData(5f, 1f, 1f, "tensor<0xf32>")]
    public void FloatRange(float start, float limit, float delta, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("range", [h.Scalar("s", start), h.Scalar("l", limit), h.Scalar("d", delta)]);
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void RangeOverSymbolicDim()
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{b}x{seq}")]);
        var seq = h.Op("gather", [shape.Result, h.Scalar("one", 1L)]);
        var op = h.Op("range", [h.Scalar("s", 0L), seq.Result, h.Scalar("d", 1L)]);
        var unknown = h.Op("range", [h.Scalar("s2", 0L), h.Input("n", ElementType.I64), h.Scalar("d2", 1L)]);
        h.Infer();
        Assert.Equal("tensor<{seq}xi64>", op.TypeOf());
        Assert.Equal("tensor<?xi64>", unknown.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void RangeErrors()
    {
        var h = new OpTestHelpers();
        h.Op("range", [h.Scalar("s", 0L), h.Scalar("l", 4L), h.Scalar("d", 0L)]);
        h.Op("range", [h.Scalar("s2", 0L), h.Scalar("l2", 4), h.Scalar("d2", 1L)]);
        h.Op("range", [h.Input("a", ElementType.F32, 2, 2), h.Scalar("l3", 4f), h.Scalar("d3", 1f)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadInput));
        Assert.True(h.HasCode(InferenceCodes.TypeMismatch));
        Assert.True(h.HasCode(InferenceCodes.RankMismatch));
    }

    [Theory]
    [InlineData(null, "tensor<3x{n}xf32>")]
    [InlineData(7L, "tensor<3x{n}xi64>")]
    [InlineData(10L, "tensor<3x{n}xf16>")]
    public void EyeLike(long? dtype, string expected)
    {
        var h = new OpTestHelpers();
        var attrs = Attrs(("k", IntA(1)));
        if (dtype is { } d)
        {
            attrs = attrs.With("dtype", IntA(d));
        }

        var op = h.Op("eye_like", [h.In("x", ElementType.F32, "3x{n}")], attrs);
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void EyeLikeErrors()
    {
        var h = new OpTestHelpers();
        h.Op("eye_like", [h.Input("x", ElementType.F32, 2, 2, 2)]);
        h.Op("eye_like", [h.Input("y", ElementType.F32, 2, 2)], Attrs(("dtype", IntA(77))));
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.RankMismatch));
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }

    [Fact]
    public void Trilu()
    {
        var h = new OpTestHelpers();
        var op = h.Op("trilu", [h.In("x", ElementType.F32, "{b}x4x5"), h.Scalar("k", 1L)], Attrs(("upper", IntA(0))));
        var noK = h.Op("trilu", [h.Input("y", ElementType.I64, 3, 3)]);
        var bad = h.Op("trilu", [h.Input("z", ElementType.F32, 3)]);
        h.Infer();
        Assert.Equal("tensor<{b}x4x5xf32>", op.TypeOf());
        Assert.Equal("tensor<3x3xi64>", noK.TypeOf());
        Assert.Equal("?", bad.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.RankMismatch));
    }
}
