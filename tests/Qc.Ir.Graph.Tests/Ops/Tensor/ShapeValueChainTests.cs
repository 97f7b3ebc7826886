using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

/// <summary>Shape -> Gather/Slice -> Concat -> Reshape chains, as exporters write them.</summary>
public sealed class ShapeValueChainTests
{
    [Fact]
    public void SymbolicBatchFlowsThroughGatherUnsqueezeConcatReshape()
    {
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, "{batch}x3x4");
        var shape = h.Op("shape", [x]);
        var batch = h.Op("gather", [shape.Result, h.Scalar("zero", 0L)], Attrs(("axis", IntA(0))));
        var batch1 = h.Op("unsqueeze", [batch.Result, h.Ints("axes", 0)]);
        var target = h.Op("concat", [batch1.Result, h.Ints("minus1", -1)], Attrs(("axis", IntA(0))));
        var reshape = h.Op("reshape", [x, target.Result]);
        var ctx = h.Infer();
        Assert.Equal("tensor<3xi64>", shape.TypeOf());
        Assert.Equal("[{batch}, 3, 4]", ctx.ShapeValueOf(shape.Result));
        Assert.Equal("tensor<i64>", batch.TypeOf());
        Assert.Equal("[{batch}]", ctx.ShapeValueOf(batch.Result));
        Assert.Equal("tensor<1xi64>", batch1.TypeOf());
        Assert.Equal("[{batch}, -1]", ctx.ShapeValueOf(target.Result));
        Assert.Equal("tensor<{batch}x12xf32>", reshape.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void PaddleOcrShapeSliceConcatReshape()
    {
        // x: [N, C, 1, W] -> Reshape(x, Concat(Shape(x)[0:2], [-1])) -> [N, C, W] -> Transpose -> [N, W, C]
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, "{n}x512x1x{w}");
        var shape = h.Op("shape", [x]);
        var head = h.Op("slice", [shape.Result, h.Ints("st", 0), h.Ints("en", 2), h.Ints("ax", 0)]);
        var target = h.Op("concat", [head.Result, h.Ints("m1", -1)], Attrs(("axis", IntA(0))));
        var reshape = h.Op("reshape", [x, target.Result]);
        var transpose = h.Op("transpose", [reshape.Result], Attrs(("perm", IntsA(0, 2, 1))));
        var ctx = h.Infer();
        Assert.Equal("[{n}, 512]", ctx.ShapeValueOf(head.Result));
        Assert.Equal("tensor<{n}x512x{w}xf32>", reshape.TypeOf());
        Assert.Equal("tensor<{n}x{w}x512xf32>", transpose.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void StaticShapeChainGivesStaticReshape()
    {
        // Flatten as exported by old PyTorch: Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1]))
        var h = new OpTestHelpers();
        var x = h.Input("x", ElementType.F32, 8, 256, 6, 6);
        var shape = h.Op("shape", [x]);
        var n = h.Op("gather", [shape.Result, h.Scalar("i0", 0L)]);
        var n1 = h.Op("unsqueeze", [n.Result, h.Ints("a0", 0)]);
        var target = h.Op("concat", [n1.Result, h.Ints("m1", -1)], Attrs(("axis", IntA(0))));
        var reshape = h.Op("reshape", [x, target.Result]);
        h.Infer();
        Assert.Equal("tensor<8x9216xf32>", reshape.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void ArithmeticOnShapeValuesFeedsReshape()
    {
        // Reshape(x, [N, H*W, C]) with H*W computed by Mul of gathered dims
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, "{n}x8x8x32");
        var shape = h.Op("shape", [x]);
        var dims = h.Op("gather", [shape.Result, h.Ints("idx", 1, 2)]);
        var hw = h.Op("reduce_prod", [dims.Result], Attrs(("keepdims", IntA(1))));
        var n = h.Op("slice", [shape.Result, h.Ints("s0", 0), h.Ints("e0", 1)]);
        var c = h.Op("slice", [shape.Result, h.Ints("s1", -1), h.Ints("e1", long.MaxValue)]);
        var target = h.Op("concat", [n.Result, hw.Result, c.Result], Attrs(("axis", IntA(0))));
        var reshape = h.Op("reshape", [x, target.Result]);
        var ctx = h.Infer();
        Assert.Equal("[{n}, 64, 32]", ctx.ShapeValueOf(target.Result));
        Assert.Equal("tensor<{n}x64x32xf32>", reshape.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void CastOfShapeValueKeepsContents()
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{b}x7")]);
        var cast = h.Op("cast", [shape.Result], Attrs(("to", IntA((long)ElementType.I32))));
        var toFloat = h.Op("cast", [shape.Result], Attrs(("to", IntA((long)ElementType.F32))));
        var ctx = h.Infer();
        Assert.Equal("tensor<2xi32>", cast.TypeOf());
        Assert.Equal("[{b}, 7]", ctx.ShapeValueOf(cast.Result));
        Assert.Equal("tensor<2xf32>", toFloat.TypeOf());
        Assert.Equal("none", ctx.ShapeValueOf(toFloat.Result));
    }

    [Fact]
    public void ConstantOfShapeReadsSymbolicShapeValue()
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{b}x3x{s}")], Attrs(("end", IntA(2))));
        var fill = h.Op("constant_of_shape", [shape.Result]);
        var ctx = h.Infer();
        Assert.Equal("[{b}, 3]", ctx.ShapeValueOf(shape.Result));
        Assert.Equal("tensor<{b}x3xf32>", fill.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void NegatedAxisFeedsConstantOfShapeAndReshape()
    {
        // LayerNormalization's function body with axis -3: Reshape(Mean2D, Concat(Shape(X)[:axis], ConstantOfShape(-axis, 1)))
        var h = new OpTestHelpers();
        var x = h.In("x", ElementType.F32, "{b}x3x4x5");
        var axis = h.Ints("axis", -3);
        var shape = h.Op("shape", [x]);
        var prefix = h.Op("slice", [shape.Result, h.Ints("zero", 0), axis]);
        var count = h.Op("neg", [axis]);
        var suffix = h.Op("constant_of_shape", [count.Result], Attrs(("value", new TensorAttr(TensorData.Create<long>([1], [1L])))));
        var reduced = h.Op("concat", [prefix.Result, suffix.Result], Attrs(("axis", IntA(0))));
        var mean = h.Op("reshape", [h.In("mean2d", ElementType.F32, "{b}x1"), reduced.Result]);
        var ctx = h.Infer();
        Assert.Equal("[3]", ctx.ShapeValueOf(count.Result));
        Assert.Equal("tensor<3xi64>", suffix.TypeOf());
        Assert.Equal("[1, 1, 1]", ctx.ShapeValueOf(suffix.Result));
        Assert.Equal("[{b}, 1, 1, 1]", ctx.ShapeValueOf(reduced.Result));
        Assert.Equal("tensor<{b}x1x1x1xf32>", mean.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void AbsAndSignOfShapeValues()
    {
        var h = new OpTestHelpers();
        var shape = h.Op("shape", [h.In("x", ElementType.F32, "{b}x3")]);
        var neg = h.Op("neg", [shape.Result]);
        var absNeg = h.Op("abs", [neg.Result]);
        var absShape = h.Op("abs", [shape.Result]);
        var sign = h.Op("sign", [h.Ints("v", -5, 0, 7)]);
        var signShape = h.Op("sign", [shape.Result]);
        var relu = h.Op("relu", [h.Ints("w", -5, 7)]);
        var ctx = h.Infer();
        Assert.Equal("[?, -3]", ctx.ShapeValueOf(neg.Result));
        Assert.Equal("[?, 3]", ctx.ShapeValueOf(absNeg.Result));
        Assert.Equal("[{b}, 3]", ctx.ShapeValueOf(absShape.Result));
        Assert.Equal("[-1, 0, 1]", ctx.ShapeValueOf(sign.Result));
        Assert.Equal("[?, 1]", ctx.ShapeValueOf(signShape.Result));
        Assert.Equal("none", ctx.ShapeValueOf(relu.Result));
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void SizeGivesShapeValue()
    {
        var h = new OpTestHelpers();
        var size = h.Op("size", [h.Input("x", ElementType.F32, 2, 3, 4)]);
        var ctx = h.Infer();
        Assert.Equal("tensor<i64>", size.TypeOf());
        Assert.Equal("[24]", ctx.ShapeValueOf(size.Result));
    }
}
