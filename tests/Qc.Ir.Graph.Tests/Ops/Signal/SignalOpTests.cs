using Qc.Core.Tensors;
using Qc.Ir.Graph.Tests.Ops.ControlFlow;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Signal;

/// <summary>DFT, STFT, window functions and MelWeightMatrix.</summary>
public sealed class SignalOpTests
{
    [Theory]
    [InlineData("1x10x10x1", null, null, 0L, 0L, "tensor<1x10x10x2xf32>")]
    [InlineData("1x10x10x1", 1L, null, 0L, 0L, "tensor<1x10x10x2xf32>")]
    [InlineData("1x10x10x1", 2L, null, 1L, 0L, "tensor<1x10x6x2xf32>")]
    [InlineData("1x10x10x1", -3L, null, 1L, 0L, "tensor<1x6x10x2xf32>")]
    [InlineData("1x10x10x2", 1L, 16L, 0L, 0L, "tensor<1x16x10x2xf32>")]
    [InlineData("1x10x10x1", 1L, 16L, 1L, 0L, "tensor<1x9x10x2xf32>")]
    [InlineData("1x10x9x2", null, null, 0L, 1L, "tensor<1x10x9x2xf32>")]
    [InlineData("{b}x{n}x1", null, null, 0L, 0L, "tensor<{b}x{n}x2xf32>")]
    [InlineData("{b}x{n}x1", null, null, 1L, 0L, "tensor<{b}x?x2xf32>")]
    [InlineData("1x6x2", null, 10L, 1L, 1L, "tensor<1x10x?xf32>")]
    [InlineData("1x6x2", null, null, 1L, 1L, "tensor<1x?x?xf32>")]
    [InlineData("*", null, null, 0L, 0L, "tensor<*xf32>")]
    public void Dft(string dims, long? axis, long? length, long onesided, long inverse, string expected)
    {
        var h = new OpTestHelpers();
        var len = length is { } l ? h.ScalarConst("len", l) : null;
        var ax = axis is { } a ? h.ScalarConst("axis", a) : null;
        var op = h.Op("dft", [h.Arg("x", ElementType.F32, dims), len, ax], Attrs(("onesided", IntA(onesided)), ("inverse", IntA(inverse))));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData(false, 0L, "tensor<1x8x5x2xf32>")]
    [InlineData(true, 0L, "tensor<?x?x?x2xf32>")]
    [InlineData(false, 1L, "tensor<?x?x?x2xf32>")]
    public void DftWithUnknownAxis(bool withLength, long onesided, string expected)
    {
        var h = new OpTestHelpers();
        var len = withLength ? h.ScalarConst("len", 4L) : null;
        var op = h.Op("dft", [h.Arg("x", ElementType.F32, "1x8x5x1"), len, h.Arg("axis", ElementType.I64, "")], Attrs(("onesided", IntA(onesided))));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData("1x10x10x1", -1L, null, InferenceCodes.BadAttributeValue)]
    [InlineData("1x10x10x1", 3L, null, InferenceCodes.BadAttributeValue)]
    [InlineData("1x10x10x1", -5L, null, InferenceCodes.BadAttributeValue)]
    [InlineData("1x10x10x3", null, null, InferenceCodes.ShapeMismatch)]
    [InlineData("10", null, null, InferenceCodes.RankMismatch)]
    [InlineData("1x10x1", null, 0L, InferenceCodes.BadInput)]
    public void DftErrors(string dims, long? axis, long? length, int code)
    {
        var h = new OpTestHelpers();
        var len = length is { } l ? h.ScalarConst("len", l) : null;
        var ax = axis is { } a ? h.ScalarConst("axis", a) : null;
        var op = h.Op("dft", [h.Arg("x", ElementType.F32, dims), len, ax]);
        h.InferExpecting(code);
        Assert.Equal("?", op.TypeAt());
    }

    [Theory]
    [InlineData("2x64x1", true, false, 1L, "tensor<2x7x9x2xf32>")]
    [InlineData("2x64x1", false, true, 1L, "tensor<2x7x9x2xf32>")]
    [InlineData("2x64x2", true, true, 0L, "tensor<2x7x16x2xf32>")]
    [InlineData("2x64", true, false, 0L, "tensor<2x7x16x2xf32>")]
    [InlineData("{b}x?x1", true, false, 1L, "tensor<{b}x?x9x2xf32>")]
    [InlineData("*", false, true, 1L, "tensor<?x?x9x2xf32>")]
    public void Stft(string signal, bool withWindow, bool withFrameLength, long onesided, string expected)
    {
        var h = new OpTestHelpers();
        var window = withWindow ? h.Input("w", ElementType.F32, 16) : null;
        var frame = withFrameLength ? h.ScalarConst("fl", 16L) : null;
        var op = h.Op("stft", [h.Arg("x", ElementType.F32, signal), h.ScalarConst("step", 8L), window, frame], Attrs(("onesided", IntA(onesided))));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void StftErrors()
    {
        var h = new OpTestHelpers();
        h.Op("stft", [h.Input("x", ElementType.F32, 2, 64, 1), h.ScalarConst("step", 8L), h.Input("w", ElementType.F32, 16), h.ScalarConst("fl", 32L)]);
        h.InferExpecting(InferenceCodes.ShapeMismatch);

        h = new OpTestHelpers();
        h.Op("stft", [h.Input("x", ElementType.F32, 2, 8, 1), h.ScalarConst("step", 8L), null, h.ScalarConst("fl", 16L)]);
        h.InferExpecting(InferenceCodes.ShapeMismatch);

        h = new OpTestHelpers();
        h.Op("stft", [h.Input("x", ElementType.F32, 2, 64, 1), h.ScalarConst("step", 0L), null, h.ScalarConst("fl", 16L)]);
        h.InferExpecting(InferenceCodes.BadInput);

        h = new OpTestHelpers();
        h.Op("stft", [h.Input("x", ElementType.F32, 64), h.ScalarConst("step", 8L), null, h.ScalarConst("fl", 16L)]);
        h.InferExpecting(InferenceCodes.RankMismatch);
    }

    [Theory]
    [InlineData("hann_window", null, "tensor<10xf32>")]
    [InlineData("hamming_window", 11L, "tensor<10xf64>")]
    [InlineData("blackman_window", 7L, "tensor<10xi64>")]
    public void Windows(string mnemonic, long? dtype, string expected)
    {
        var h = new OpTestHelpers();
        var attrs = Attrs(("periodic", IntA(0)));
        attrs = dtype is { } d ? attrs.With("output_datatype", IntA(d)) : attrs;
        var op = h.Op(mnemonic, [h.ScalarConst("size", 10L)], attrs);
        var unknown = h.Op(mnemonic, [h.Arg("n", ElementType.I32, "")]);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
        Assert.Equal("tensor<?xf32>", unknown.TypeAt());
    }

    [Fact]
    public void WindowErrors()
    {
        var h = new OpTestHelpers();
        h.Op("hann_window", [h.ScalarConst("size", -3L)]);
        h.InferExpecting(InferenceCodes.BadInput);

        h = new OpTestHelpers();
        h.Op("hann_window", [h.ScalarConst("size", 3L)], Attrs(("output_datatype", IntA(0))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);
    }

    [Theory]
    [InlineData(8L, 64L, null, "tensor<33x8xf32>")]
    [InlineData(40L, 1023L, 10L, "tensor<512x40xf16>")]
    public void MelWeightMatrix(long bins, long dft, long? dtype, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("mel_weight_matrix",
            [h.ScalarConst("bins", bins), h.ScalarConst("dft", dft), h.ScalarConst("rate", 16000L), h.ScalarConst("lo", 0f), h.ScalarConst("hi", 8000f)],
            dtype is { } d ? Attrs(("output_datatype", IntA(d))) : null);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void MelWeightMatrixWithUnknownInputs()
    {
        var h = new OpTestHelpers();
        var op = h.Op("mel_weight_matrix",
            [h.Arg("bins", ElementType.I64, ""), h.ScalarConst("dft", 256L), h.ScalarConst("rate", 16000L), h.ScalarConst("lo", 0f),
                h.ScalarConst("hi", 8000f)]);
        h.InferClean();
        Assert.Equal("tensor<129x?xf32>", op.TypeAt());
    }
}
