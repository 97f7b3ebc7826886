using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

/// <summary>Flatten, Squeeze, Unsqueeze and Transpose.</summary>
public sealed class LayoutOpTests
{
    [Theory]
    [InlineData("2x3x4", 0, "tensor<1x24xf32>")]
    [InlineData("2x3x4", 1, "tensor<2x12xf32>")]
    [InlineData("2x3x4", 2, "tensor<6x4xf32>")]
    [InlineData("2x3x4", 3, "tensor<24x1xf32>")]
    [InlineData("2x3x4", -1, "tensor<6x4xf32>")]
    [InlineData("2x3x4", -3, "tensor<1x24xf32>")]
    [InlineData("{b}x3x4", 1, "tensor<{b}x12xf32>")]
    [InlineData("{b}x3x4", 2, "tensor<?x4xf32>")]
    [InlineData("1x{s}x1", 2, "tensor<{s}x1xf32>")]
    public void Flatten(string input, long axis, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("flatten", [h.In("x", ElementType.F32, input)], Attrs(("axis", IntA(axis))));
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void FlattenDefaultsAxisToOneAndRejectsOutOfRange()
    {
        var h = new OpTestHelpers();
        var ok = h.Op("flatten", [h.Input("x", ElementType.F32, 5, 2, 3)]);
        var bad = h.Op("flatten", [h.Input("y", ElementType.F32, 5, 2, 3)], Attrs(("axis", IntA(4))));
        h.Infer();
        Assert.Equal("tensor<5x6xf32>", ok.TypeOf());
        Assert.Equal("?", bad.TypeOf());
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }

    [Theory]
    [InlineData("2x1x3x1", "1", "tensor<2x3x1xf32>")]
    [InlineData("2x1x3x1", "-1", "tensor<2x1x3xf32>")]
    [InlineData("2x1x3x1", "1,3", "tensor<2x3xf32>")]
    [InlineData("2x1x3x1", null, "tensor<2x3xf32>")]
    [InlineData("1x1", null, "tensor<f32>")]
    [InlineData("{b}x1x3", "1", "tensor<{b}x3xf32>")]
    [InlineData("{b}x1x3", null, "tensor<*xf32>")]
    public void Squeeze(string input, string? axes, string expected)
    {
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, input);
        var op = h.Op("squeeze", axes is null ? [x] : [x, h.Ints("axes", ShapeTestKit.Longs(axes))]);
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("1x3x4x5", 1, "tensor<3x4x5xf32>")]
    [InlineData("3x1x4x1", 2, "tensor<3x4xf32>")]
    [InlineData("1x3x1x5", 1, "tensor<?x?x5xf32>")]
    [InlineData("2x{n}x3", 1, "tensor<2x3xf32>")]
    [InlineData("2x?x1", 1, "tensor<2x?xf32>")]
    [InlineData("2x3", 0, "tensor<2x3xf32>")]
    public void SqueezeUnknownAxesKeepsDimsEveryChoiceKeeps(string input, int count, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("squeeze", [h.In("x", ElementType.F32, input), h.Input("axes", ElementType.I64, count)]);
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void SqueezeUnknownAxesNeedsThatManyDimsThatMayBeOne()
    {
        var h = new OpTestHelpers();
        var op = h.Op("squeeze", [h.Input("x", ElementType.F32, 2, 1, 3), h.Input("axes", ElementType.I64, 2)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.ShapeMismatch));
        Assert.Equal("?", op.TypeOf());
    }

    [Theory]
    [InlineData("0", InferenceCodes.ShapeMismatch)]
    [InlineData("4", InferenceCodes.BadAttributeValue)]
    [InlineData("1,1", InferenceCodes.BadAttributeValue)]
    public void SqueezeErrors(string axes, int code)
    {
        var h = new OpTestHelpers();
        var op = h.Op("squeeze", [h.Input("x", ElementType.F32, 2, 1, 3), h.Ints("axes", ShapeTestKit.Longs(axes))]);
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Theory]
    [InlineData("3x4", "0", "tensor<1x3x4xf32>")]
    [InlineData("3x4", "0,3", "tensor<1x3x4x1xf32>")]
    [InlineData("3x4", "-1", "tensor<3x4x1xf32>")]
    [InlineData("3x4", "1,-1", "tensor<3x1x4x1xf32>")]
    [InlineData("3x4", "3,0", "tensor<1x3x4x1xf32>")]
    [InlineData("{b}x4", "1,2", "tensor<{b}x1x1x4xf32>")]
    [InlineData("", "0", "tensor<1xf32>")]
    public void Unsqueeze(string input, string axes, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("unsqueeze", [h.In("x", ElementType.F32, input), h.Ints("axes", ShapeTestKit.Longs(axes))]);
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("0,0")]
    [InlineData("3")]
    [InlineData("-4")]
    public void UnsqueezeRejectsBadAxes(string axes)
    {
        var h = new OpTestHelpers();
        h.Op("unsqueeze", [h.Input("x", ElementType.F32, 3, 4), h.Ints("axes", ShapeTestKit.Longs(axes))]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
    }

    [Fact]
    public void UnsqueezeWithUnknownAxesKnowsRank()
    {
        var h = new OpTestHelpers();
        var op = h.Op("unsqueeze", [h.Input("x", ElementType.F32, 3, 4), h.Input("axes", ElementType.I64, 2)]);
        h.Infer();
        Assert.Equal("tensor<?x?x?x?xf32>", op.TypeOf());
    }

    [Theory]
    [InlineData("2x3x4", null, "tensor<4x3x2xf32>")]
    [InlineData("2x3x4", "0,2,1", "tensor<2x4x3xf32>")]
    [InlineData("2x3x4", "1,2,0", "tensor<3x4x2xf32>")]
    [InlineData("{b}x3x{s}", "2,0,1", "tensor<{s}x{b}x3xf32>")]
    [InlineData("", null, "tensor<f32>")]
    public void Transpose(string input, string? perm, string expected)
    {
        var h = new OpTestHelpers();
        var attrs = perm is null ? null : Attrs(("perm", IntsA(ShapeTestKit.Longs(perm))));
        var op = h.Op("transpose", [h.In("x", ElementType.F32, input)], attrs);
        h.Infer();
        Assert.Equal(expected, op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("0,1")]
    [InlineData("0,1,1")]
    [InlineData("0,1,3")]
    public void TransposeRejectsBadPerm(string perm)
    {
        var h = new OpTestHelpers();
        var op = h.Op("transpose", [h.Input("x", ElementType.F32, 2, 3, 4)], Attrs(("perm", IntsA(ShapeTestKit.Longs(perm)))));
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.BadAttributeValue));
        Assert.Equal("?", op.TypeOf());
    }
}
