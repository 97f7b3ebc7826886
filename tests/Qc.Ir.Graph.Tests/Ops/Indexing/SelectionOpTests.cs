using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Indexing;

/// <summary>OneHot, NonZero, Compress, ReverseSequence, Unique, NonMaxSuppression.</summary>
public sealed class SelectionOpTests
{
    [Theory]
    [InlineData(-1L, "tensor<2x{b}x10xf16>")]
    [InlineData(0L, "tensor<10x2x{b}xf16>")]
    [InlineData(1L, "tensor<2x10x{b}xf16>")]
    [InlineData(-3L, "tensor<10x2x{b}xf16>")]
    public void OneHot(long axis, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("one_hot", [h.In("i", ElementType.I64, "2x{b}"), h.Scalar("depth", 10L), h.Input("v", ElementType.F16, 2)],
            Attrs(("axis", IntA(axis))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void OneHotDepthVariants()
    {
        var h = new OpTestHelpers();
        var floatDepth = h.Op("one_hot", [h.Input("i", ElementType.I32, 3), h.Const("d", TensorData.Create<float>([1], [5f])), h.Input("v", ElementType.I64, 2)]);
        var unknown = h.Op("one_hot", [h.Input("j", ElementType.I32, 3), h.Input("e", ElementType.I64), h.Input("w", ElementType.F32, 2)]);
        var bad = h.Op("one_hot", [h.Input("k", ElementType.I32, 3), h.Scalar("f", 4L), h.Input("x", ElementType.F32, 2)], Attrs(("axis", IntA(2))));
        var badValues = h.Op("one_hot", [h.Input("l", ElementType.I32, 3), h.Scalar("g", 4L), h.Input("y", ElementType.F32, 3)]);
        h.Infer();
        Assert.Equal("tensor<3x5xi64>", floatDepth.TypeOf());
        Assert.Equal("tensor<3x?xf32>", unknown.TypeOf());
        Assert.Equal("?", bad.TypeOf());
        Assert.Equal("?", badValues.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
        Assert.True(h.HasCode(InferenceCodes.ShapeMismatch));
    }

    [Fact]
    public void NonZero()
    {
        var h = new OpTestHelpers();
        var op = h.Op("non_zero", [h.In("x", ElementType.Bool, "{b}x3x4")]);
        var unranked = h.Op("non_zero", [h.Input("y", TensorType.Unranked(ElementType.F32))]);
        h.Infer();
        Assert.Equal("tensor<3x?xi64>", op.TypeOf());
        Assert.Equal("tensor<?x?xi64>", unranked.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("3x2", 0L, "tensor<2x2xf32>")]
    [InlineData("3x3", 1L, "tensor<3x2xf32>")]
    [InlineData("3x3", -1L, "tensor<3x2xf32>")]
    [InlineData("3x2", null, "tensor<2xf32>")]
    [InlineData("{b}x3", 1L, "tensor<{b}x2xf32>")]
    public void CompressWithConstantCondition(string input, long? axis, string expected)
    {
        var h = new OpTestHelpers();
        var cond = h.Const("c", TensorData.Create<bool>([3], [false, true, true]));
        var op = h.Op("compress", [h.In("x", ElementType.F32, input), cond], axis is { } a ? Attrs(("axis", IntA(a))) : null);
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void CompressWithRuntimeCondition()
    {
        var h = new OpTestHelpers();
        var withAxis = h.Op("compress", [h.Input("x", ElementType.F32, 3, 2), h.Input("c", ElementType.Bool, 2)], Attrs(("axis", IntA(1))));
        var flat = h.Op("compress", [h.Input("y", ElementType.F32, 3, 2), h.Input("d", ElementType.Bool, 6)]);
        var bad = h.Op("compress", [h.Input("z", ElementType.F32, 3, 2), h.Input("e", ElementType.Bool, 2, 2)]);
        h.Infer();
        Assert.Equal("tensor<3x?xf32>", withAxis.TypeOf());
        Assert.Equal("tensor<?xf32>", flat.TypeOf());
        Assert.Equal("?", bad.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.RankMismatch));
    }

    [Theory]
    [InlineData(1L, 0L, "4x{b}", "{b}")]
    [InlineData(0L, 1L, "4x{t}x2", "4")]
    public void ReverseSequence(long batchAxis, long timeAxis, string input, string lens)
    {
        var h = new OpTestHelpers();
        var op = h.Op("reverse_sequence", [h.In("x", ElementType.F32, input), h.In("l", ElementType.I64, lens)],
            Attrs(("batch_axis", IntA(batchAxis)), ("time_axis", IntA(timeAxis))));
        h.Infer();
        Assert.Equal($"tensor<{input}xf32>", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ReverseSequenceErrors()
    {
        var h = new OpTestHelpers();
        h.Op("reverse_sequence", [h.Input("x", ElementType.F32, 4, 4), h.Input("l", ElementType.I64, 4)],
            Attrs(("batch_axis", IntA(0)), ("time_axis", IntA(0))));
        h.Op("reverse_sequence", [h.Input("y", ElementType.F32, 4, 3), h.Input("m", ElementType.I64, 4)]);
        h.Op("reverse_sequence", [h.Input("z", ElementType.F32, 4), h.Input("n", ElementType.I64, 4)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
        Assert.True(h.HasCode(InferenceCodes.ShapeMismatch));
        Assert.True(h.HasCode(InferenceCodes.RankMismatch));
    }

    [Fact]
    public void Unique()
    {
        var h = new OpTestHelpers();
        var flat = h.Op("unique", [h.Input("x", ElementType.F32, 2, 3)], Attrs(("sorted", IntA(1))), results: 4);
        var axis = h.Op("unique", [h.In("y", ElementType.I64, "{b}x3")], Attrs(("axis", IntA(-1)), ("sorted", IntA(0))), results: 4);
        var one = h.Op("unique", [h.Input("z", ElementType.F32, 6)], results: 1);
        h.Infer();
        Assert.Equal("tensor<?xf32>|tensor<?xi64>|tensor<6xi64>|tensor<?xi64>", string.Join("|", flat.Results.Select(r => r.Type)));
        Assert.Equal("tensor<{b}x?xi64>|tensor<?xi64>|tensor<3xi64>|tensor<?xi64>", string.Join("|", axis.Results.Select(r => r.Type)));
        Assert.Equal("tensor<?xf32>", one.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void NonMaxSuppression()
    {
        var h = new OpTestHelpers();
        var op = h.Op("non_max_suppression", [h.In("b", ElementType.F32, "{n}x100x4"), h.In("s", ElementType.F32, "{n}x80x100"),
            h.Ints("m", 10), h.Const("iou", TensorData.Create<float>([1], [0.5f])), null], Attrs(("center_point_box", IntA(0))));
        var bad = h.Op("non_max_suppression", [h.Input("c", ElementType.F32, 1, 100, 5), h.Input("t", ElementType.F32, 1, 80, 100)]);
        var mismatch = h.Op("non_max_suppression", [h.Input("d", ElementType.F32, 1, 100, 4), h.Input("u", ElementType.F32, 1, 80, 90)]);
        h.Infer();
        Assert.Equal("tensor<?x3xi64>", op.TypeOf());
        Assert.Equal("?", bad.TypeOf());
        Assert.Equal("?", mismatch.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.ShapeMismatch));
    }
}
