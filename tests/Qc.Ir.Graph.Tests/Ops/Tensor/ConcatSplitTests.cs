using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

public sealed class ConcatSplitTests
{
    [Theory]
    [InlineData("2x3", "2x5", 1, "tensor<2x8xf32>")]
    [InlineData("2x3", "2x5", -1, "tensor<2x8xf32>")]
    [InlineData("2x3", "4x3", 0, "tensor<6x3xf32>")]
    [InlineData("{b}x3", "{b}x5", 1, "tensor<{b}x8xf32>")]
    [InlineData("{b}x3", "?x5", 1, "tensor<{b}x8xf32>")]
    [InlineData("?x3", "2x5", 1, "tensor<2x8xf32>")]
    [InlineData("{b}x3", "2x3", 0, "tensor<?x3xf32>")]
    [InlineData("{b}x3", "0x3", 0, "tensor<{b}x3xf32>")]
    public void Concat(string a, string b, long axis, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("concat", [h.In("a", ElementType.F32, a), h.In("b", ElementType.F32, b)], Attrs(("axis", IntA(axis))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("2x3", "3x5", 1, InferenceCodes.ShapeMismatch)]
    [InlineData("2x3", "2x3x1", 1, InferenceCodes.RankMismatch)]
    [InlineData("2x3", "2x3", 2, InferenceCodes.BadAttributeValue)]
    public void ConcatErrors(string a, string b, long axis, int code)
    {
        var h = new OpTestHelpers();
        var op = h.Op("concat", [h.In("a", ElementType.F32, a), h.In("b", ElementType.F32, b)], Attrs(("axis", IntA(axis))));
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Fact]
    public void ConcatRejectsMixedTypesAndMissingAxis()
    {
        var h = new OpTestHelpers();
        h.Op("concat", [h.Input("a", ElementType.F32, 2), h.Input("b", ElementType.I64, 2)], Attrs(("axis", IntA(0))));
        h.Op("concat", [h.Input("c", ElementType.F32, 2)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.TypeMismatch));
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }

    [Fact]
    public void ConcatOfUnrankedInputUsesRankedOnes()
    {
        var h = new OpTestHelpers();
        var op = h.Op("concat", [h.Input("a", ElementType.F32, 2, 3), h.Input("b", TensorType.Unranked(ElementType.F32))],
            Attrs(("axis", IntA(1))));
        h.Infer();
        Assert.Equal("tensor<2x?xf32>", op.TypeOf());
    }

    [Theory]
    [InlineData("6x4", 0, null, null, 3, "2x4|2x4|2x4")]
    [InlineData("6x4", 1, null, null, 2, "6x2|6x2")]
    [InlineData("6x4", -1, "1,3", null, 2, "6x1|6x3")]
    [InlineData("10", 0, null, 3L, 3, "4|4|2")]
    [InlineData("7", 0, null, 4L, 4, "2|2|2|1")]
    [InlineData("{b}x4", 0, null, null, 2, "?x4|?x4")]
    [InlineData("{b}x4", 1, null, null, 2, "{b}x2|{b}x2")]
    [InlineData("{b}x4", 0, null, null, 1, "{b}x4")]
    [InlineData("6", 0, "2,0,4", null, 3, "2|0|4")]
    public void Split(string input, long axis, string? split, long? numOutputs, int results, string expected)
    {
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, input);
        var attrs = Attrs(("axis", IntA(axis)));
        if (numOutputs is { } n)
        {
            attrs = attrs.With("num_outputs", IntA(n));
        }

        var op = h.Op("split", split is null ? [x] : [x, h.Ints("split", ShapeTestKit.Longs(split))], attrs, results);
        h.Infer();
        var types = string.Join("|", op.Results.Select(r => r.Type.ToString()["tensor<".Length..^"xf32>".Length]));
        Assert.Equal(expected, types);
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("1,2", 2, null, InferenceCodes.ShapeMismatch)]
    [InlineData("3,3", 3, null, InferenceCodes.BadInput)]
    [InlineData(null, 2, 3L, InferenceCodes.BadAttributeValue)]
    [InlineData(null, 4, null, InferenceCodes.ShapeMismatch)]
    public void SplitErrors(string? split, int results, long? numOutputs, int code)
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", ElementType.F32, 5);
        var attrs = numOutputs is { } n ? Attrs(("num_outputs", IntA(n))) : null;
        var op = h.Op("split", split is null ? [x] : [x, h.Ints("split", ShapeTestKit.Longs(split))], attrs, results);
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Fact]
    public void SplitWithUnknownSplitInput()
    {
        var h = new OpTestHelpers();
        var op = h.Op("split", [h.Input("x", ElementType.F32, 6, 4), h.Input("s", ElementType.I64, 2)], null, 2);
        h.Infer();
        Assert.Equal("tensor<?x4xf32>", op.TypeOf(0));
        Assert.Equal("tensor<?x4xf32>", op.TypeOf(1));
    }

    [Theory]
    [InlineData("0x4", 3, "tensor<0x4xf32>")]
    [InlineData("6x4", 1, "tensor<6x4xf32>")]
    [InlineData("{n}x4", 1, "tensor<{n}x4xf32>")]
    public void UnknownSplitOfEmptyAxisOrIntoOnePart(string input, int results, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("split", [h.In("x", ElementType.F32, input), h.Input("s", ElementType.I64, results)], null, results);
        h.Infer();
        Assert.All(op.Results, r => Assert.Equal(expected, r.Type.ToString()));
        Assert.Empty(h.Diagnostics);
    }
}
