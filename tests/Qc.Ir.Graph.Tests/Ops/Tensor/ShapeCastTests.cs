using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

/// <summary>Shape, Size, Cast, CastLike, ConstantOfShape.</summary>
public sealed class ShapeCastTests
{
    [Theory]
    [InlineData(null, null, "tensor<4xi64>", "[{b}, 3, 4, 5]")]
    [InlineData(1L, null, "tensor<3xi64>", "[3, 4, 5]")]
    [InlineData(null, -1L, "tensor<3xi64>", "[{b}, 3, 4]")]
    [InlineData(-10L, 2L, "tensor<2xi64>", "[{b}, 3]")]
    [InlineData(1L, 10L, "tensor<3xi64>", "[3, 4, 5]")]
    [InlineData(3L, 1L, "tensor<0xi64>", "[]")]
    [InlineData(-2L, -1L, "tensor<1xi64>", "[4]")]
    public void Shape(long? start, long? end, string expected, string value)
    {
        var h = new OpTestHelpers();
        var attrs = AttributeMap.Empty;
        if (start is { } s)
        {
            attrs = attrs.With("start", IntA(s));
        }

        if (end is { } e)
        {
            attrs = attrs.With("end", IntA(e));
        }

        var op = h.Op("shape", [h.In("x", ElementType.F16, "{b}x3x4x5")], attrs);
        var ctx = h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Equal(value, ctx.ShapeValueOf(op.Result));
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ShapeOfUnrankedAndScalar()
    {
        var h = new OpTestHelpers();
        var unranked = h.Op("shape", [h.Input("x", TensorType.Unranked(ElementType.F32))]);
        var scalar = h.Op("shape", [h.Input("y", ElementType.F32)]);
        var ctx = h.Infer();
        Assert.Equal("tensor<?xi64>", unranked.TypeOf());
        Assert.Equal("tensor<0xi64>", scalar.TypeOf());
        Assert.Equal("[]", ctx.ShapeValueOf(scalar.Result));
    }

    [Theory]
    [InlineData("2x3x4", "[24]")]
    [InlineData("{b}x1", "[{b}]")]
    [InlineData("{b}x3", "none")]
    [InlineData("", "[1]")]
    public void Size(string input, string value)
    {
        var h = new OpTestHelpers();
        var op = h.Op("size", [h.In("x", ElementType.F32, input)]);
        var ctx = h.Infer();
        Assert.Equal("tensor<i64>", op.TypeOf());
        Assert.Equal(value, ctx.ShapeValueOf(op.Result));
    }

    [Theory]
    [InlineData(ElementType.F16, "tensor<{b}x3xf16>")]
    [InlineData(ElementType.I8, "tensor<{b}x3xi8>")]
    [InlineData(ElementType.Bool, "tensor<{b}x3xi1>")]
    [InlineData(ElementType.F8E4M3FN, "tensor<{b}x3xf8e4m3fn>")]
    public void Cast(ElementType to, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("cast", [h.In("x", ElementType.F32, "{b}x3")], Attrs(("to", IntA((long)to)), ("saturate", IntA(1))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(99L)]
    [InlineData(null)]
    public void CastRejectsBadTo(long? to)
    {
        var h = new OpTestHelpers();
        var op = h.Op("cast", [h.Input("x", ElementType.F32, 2)], to is { } t ? Attrs(("to", IntA(t))) : null);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
        Assert.Equal("?", op.TypeOf());
    }

    [Fact]
    public void CastOfFloatConstantGivesShapeValue()
    {
        var h = new OpTestHelpers();
        var c = h.Const("c", TensorData.Create<float>([2], [3f, 4.7f]));
        var op = h.Op("cast", [c], Attrs(("to", IntA((long)ElementType.I64))));
        var ctx = h.Infer();
        Assert.Equal("tensor<2xi64>", op.TypeOf());
        Assert.Equal("[3, 4]", ctx.ShapeValueOf(op.Result));
    }

    [Fact]
    public void CastLikeTakesTheSecondInputsElementType()
    {
        var h = new OpTestHelpers();
        var op = h.Op("cast_like", [h.In("x", ElementType.F32, "2x{s}"), h.Input("like", ElementType.F16, 7)]);
        var unknown = h.Op("cast_like", [h.Input("y", ElementType.F32, 2), h.Main.AddParameter("u", IrType.Unknown)]);
        h.Infer();
        Assert.Equal("tensor<2x{s}xf16>", op.TypeOf());
        Assert.Equal("?", unknown.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ConstantOfShape()
    {
        var h = new OpTestHelpers();
        var f = h.Op("constant_of_shape", [h.Ints("s", 2, 3)]);
        var i = h.Op("constant_of_shape", [h.Ints("s2", 4)], Attrs(("value", new TensorAttr(TensorData.Create<long>([1], [1L])))));
        var scalar = h.Op("constant_of_shape", [h.Const("e", TensorData.Create<long>([0], []))]);
        var unknown = h.Op("constant_of_shape", [h.Input("u", ElementType.I64, 3)],
            Attrs(("value", new TensorAttr(TensorData.Create<int>([1], [0])))));
        var ctx = h.Infer();
        Assert.Equal("tensor<2x3xf32>", f.TypeOf());
        Assert.Equal("tensor<4xi64>", i.TypeOf());
        Assert.Equal("[1, 1, 1, 1]", ctx.ShapeValueOf(i.Result));
        Assert.Equal("tensor<f32>", scalar.TypeOf());
        Assert.Equal("tensor<?x?x?xi32>", unknown.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ConstantOfShapeErrors()
    {
        var h = new OpTestHelpers();
        var negative = h.Op("constant_of_shape", [h.Ints("s", 2, -3)]);
        var badValue = h.Op("constant_of_shape", [h.Ints("t", 2)], Attrs(("value", new TensorAttr(TensorData.Create<float>([2], [1f, 2f])))));
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadInput));
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
        Assert.Equal("?", negative.TypeOf());
        Assert.Equal("?", badValue.TypeOf());
    }
}
