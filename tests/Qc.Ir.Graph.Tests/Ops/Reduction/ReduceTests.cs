using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Reduction;

public sealed class ReduceTests
{
    public static TheoryData<string> Mnemonics => new()
    {
        "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_l1", "reduce_l2", "reduce_log_sum",
        "reduce_log_sum_exp", "reduce_sum_square",
    };

    [Theory]
    [MemberData(nameof(Mnemonics))]
    public void EveryReductionReducesAxes(string mnemonic)
    {
        var h = new OpTestHelpers();
        var keep = h.Op(mnemonic, [h.Input("x", ElementType.F32, 3, 4, 5), h.Ints("a", 1)]);
        var drop = h.Op(mnemonic, [h.Input("y", ElementType.F32, 3, 4, 5), h.Ints("b", 1)], Attrs(("keepdims", IntA(0))));
        h.Infer();
        Assert.Equal("tensor<3x1x5xf32>", keep.TypeOf());
        Assert.Equal("tensor<3x5xf32>", drop.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("3x4x5", "0,2", 1, 0, "tensor<1x4x1xf32>")]
    [InlineData("3x4x5", "-1", 0, 0, "tensor<3x4xf32>")]
    [InlineData("3x4x5", null, 1, 0, "tensor<1x1x1xf32>")]
    [InlineData("3x4x5", null, 0, 0, "tensor<f32>")]
    [InlineData("3x4x5", "", 0, 0, "tensor<f32>")]
    [InlineData("3x4x5", null, 0, 1, "tensor<3x4x5xf32>")]
    [InlineData("3x4x5", "", 1, 1, "tensor<3x4x5xf32>")]
    [InlineData("3x4x5", "1", 0, 1, "tensor<3x5xf32>")]
    [InlineData("{b}x{s}x8", "1", 0, 0, "tensor<{b}x8xf32>")]
    [InlineData("{b}x{s}x8", "-1", 1, 0, "tensor<{b}x{s}x1xf32>")]
    public void ReduceSum(string input, string? axes, long keepdims, long noop, string expected)
    {
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, input);
        var op = h.Op("reduce_sum", axes is null ? [x] : [x, h.Ints("axes", ShapeTestKit.Longs(axes))],
            Attrs(("keepdims", IntA(keepdims)), ("noop_with_empty_axes", IntA(noop))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-4")]
    [InlineData("1,-2")]
    public void ReportsBadAxes(string axes)
    {
        var h = new OpTestHelpers();
        var op = h.Op("reduce_mean", [h.Input("x", ElementType.F32, 3, 4, 5), h.Ints("axes", ShapeTestKit.Longs(axes))]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
        Assert.Equal("?", op.TypeOf());
    }

    [Fact]
    public void UnknownAxes()
    {
        var h = new OpTestHelpers();
        var keep = h.Op("reduce_max", [h.Input("x", ElementType.F32, 3, 1, 5), h.Input("a", ElementType.I64, 1)]);
        var drop = h.Op("reduce_max", [h.Input("y", ElementType.F32, 3, 1, 5), h.Input("b", ElementType.I64, 2)],
            Attrs(("keepdims", IntA(0))));
        var unranked = h.Op("reduce_max", [h.Input("z", TensorType.Unranked(ElementType.F32)), h.Ints("c", 0)]);
        h.Infer();
        Assert.Equal("tensor<?x1x?xf32>", keep.TypeOf());
        Assert.Equal("tensor<?xf32>", drop.TypeOf());
        Assert.Equal("tensor<*xf32>", unranked.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("reduce_prod", 0, 1, "[{n}]")]
    [InlineData("reduce_prod", 0, 3, "[?]")]
    [InlineData("reduce_prod", 1, 4, "[24]")]
    [InlineData("reduce_sum", 1, 4, "[9]")]
    [InlineData("reduce_max", 1, 4, "[4]")]
    [InlineData("reduce_min", 1, 4, "[2]")]
    [InlineData("reduce_mean", 1, 4, "none")]
    public void ReducesShapeValues(string mnemonic, long start, long end, string expected)
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{n}x2x3x4")], Attrs(("start", IntA(start)), ("end", IntA(end))));
        var op = h.Op(mnemonic, [shape.Result], Attrs(("keepdims", IntA(0))));
        var ctx = h.Infer();
        Assert.Equal("tensor<i64>", op.TypeOf());
        Assert.Equal(expected, ctx.ShapeValueOf(op.Result));
    }

    [Theory]
    [InlineData("arg_max", 1, 1, "tensor<3x1x5xi64>")]
    [InlineData("arg_max", 1, 0, "tensor<3x5xi64>")]
    [InlineData("arg_min", -1, 1, "tensor<3x4x1xi64>")]
    [InlineData("arg_min", 0, 0, "tensor<4x5xi64>")]
    public void ArgMaxArgMin(string mnemonic, long axis, long keepdims, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op(mnemonic, [h.Input("x", ElementType.F32, 3, 4, 5)],
            Attrs(("axis", IntA(axis)), ("keepdims", IntA(keepdims)), ("select_last_index", IntA(1))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ArgMaxDefaultsAndErrors()
    {
        var h = new OpTestHelpers();
        var def = h.Op("arg_max", [h.In("x", ElementType.F16, "{b}x4")]);
        var bad = h.Op("arg_min", [h.Input("y", ElementType.F32, 3, 4)], Attrs(("axis", IntA(2))));
        h.Infer();
        Assert.Equal("tensor<1x4xi64>", def.TypeOf());
        Assert.Equal("?", bad.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }

    [Fact]
    public void CumSum()
    {
        var h = new OpTestHelpers();
        var op = h.Op("cum_sum", [h.In("x", ElementType.F64, "{b}x5"), h.Scalar("axis", 1)],
            Attrs(("exclusive", IntA(1)), ("reverse", IntA(0))));
        var bad = h.Op("cum_sum", [h.Input("y", ElementType.F32, 2, 3), h.Scalar("axis2", 2L)]);
        h.Infer();
        Assert.Equal("tensor<{b}x5xf64>", op.TypeOf());
        Assert.Equal("?", bad.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }

    [Theory]
    [InlineData(-1L, 2L, "3x2")]
    [InlineData(0L, 3L, "3x4")]
    [InlineData(1L, 0L, "3x0")]
    public void TopK(long axis, long k, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("top_k", [h.Input("x", ElementType.F32, 3, 4), h.Ints("k", k)],
            Attrs(("axis", IntA(axis)), ("largest", IntA(1)), ("sorted", IntA(1))), results: 2);
        h.Infer();
        Assert.Equal($"tensor<{expected}xf32>", op.TypeOf(0));
        Assert.Equal($"tensor<{expected}xi64>", op.TypeOf(1));
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void TopKUnknownAndBadK()
    {
        var h = new OpTestHelpers();
        var unknown = h.Op("top_k", [h.In("x", ElementType.F32, "{b}x4"), h.Input("k", ElementType.I64, 1)], results: 2);
        var tooBig = h.Op("top_k", [h.Input("y", ElementType.F32, 3, 4), h.Ints("k2", 5)], results: 2);
        var badAxis = h.Op("top_k", [h.Input("z", ElementType.F32, 3, 4), h.Ints("k3", 1)], Attrs(("axis", IntA(2))), results: 2);
        h.Infer();
        Assert.Equal("tensor<{b}x?xf32>", unknown.TypeOf(0));
        Assert.Equal("tensor<{b}x?xi64>", unknown.TypeOf(1));
        Assert.Equal("?", tooBig.TypeOf());
        Assert.Equal("?", badAxis.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.BadInput));
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }
}
