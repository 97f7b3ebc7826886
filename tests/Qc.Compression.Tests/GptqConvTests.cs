using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Formats;
using Xunit.Abstractions;

namespace Qc.Compression.Tests;

/// <summary>GPTQ against round to nearest on convolutions, measured on the conv's real outputs (a direct convolution, not
/// the Hessian), with correlated, heavy-tailed channels like those after BN + HardSwish in a CNN.</summary>
public sealed class GptqConvTests(ITestOutputHelper output)
{
    private const int Channels = 16, Rows = 12, Images = 4;

    /// <summary>1×1 (pointwise) and 3×3 stride 2, pad 1.</summary>
    public static TheoryData<int, int, int, string> Cases => new()
    {
        { 1, 1, 0, "int8(axis=0)" },
        { 1, 1, 0, "int4(axis=0)" },
        { 3, 2, 1, "int8(axis=0)" },
        { 3, 2, 1, "int4(axis=0)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerOutputMse_OnCalibrationInputs_GptqAtMostRoundToNearest(int kernel, int stride, int pad, string text)
    {
        const int size = 16;
        var (layer, x) = Setup(kernel, stride, pad, size, silent: -1, seed: 3);
        var acc = HessianAccumulator.For(layer);
        acc.Add(x, [Images, Channels, size, size]);
        var format = NumberFormat.Parse(text);
        var bag = new DiagnosticBag();
        var gptq = Gptq.Quantize(layer, acc, format, bag)!;
        var rtn = LayerQuantizer.RoundToNearest(layer, format, bag)!;
        bag.Count.ShouldBe(0, DiagnosticFormatter.Format(bag));
        var w = layer.ToMatrix();
        var (mseGptq, count) = OutputMse(w, gptq.Matrix, x, kernel, stride, pad, size);
        var (mseRtn, _) = OutputMse(w, rtn.Matrix, x, kernel, stride, pad, size);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kernel}x{kernel} stride {stride} pad {pad} {text}: output MSE RTN {mseRtn:G4}, GPTQ {mseGptq:G4} ({mseGptq / mseRtn:P0})"));
        mseGptq.ShouldBeLessThan(mseRtn * 0.9);

        // The accumulator's im2col (stride, padding) is what the conv reads: ‖ΔW X‖² from H equals the direct outputs' error.
        count.ShouldBe(acc.Count * Rows);
        var fromHessian = TestGraphs.OutputError(w, gptq.Matrix, Rows, layer.Cols, acc.Hessian(), acc.Count) / count;
        fromHessian.ShouldBe(mseGptq, mseGptq * 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ChannelSilentDuringCalibration_KeepsRoundedWeights_AndHeldOutErrorAtMostRoundToNearest(int kernel, int stride, int pad, string text)
    {
        // Channel 5 is zero on every calibration image (a squeeze-excitation gate or ReLU channel that these images do not
        // open) and active on the held-out ones. Its weights must stay (rounded), not be zeroed: zeroing deletes the channel.
        const int size = 24, silent = 5;
        var (layer, calibration) = Setup(kernel, stride, pad, size, silent, seed: 7);
        var (_, heldOut) = Setup(kernel, stride, pad, size, silent: -1, seed: 8);
        var acc = HessianAccumulator.For(layer);
        acc.Add(calibration, [Images, Channels, size, size]);
        var format = NumberFormat.Parse(text);
        var bag = new DiagnosticBag();
        var gptq = Gptq.Quantize(layer, acc, format, bag)!;
        var rtn = LayerQuantizer.RoundToNearest(layer, format, bag)!;
        bag.Count.ShouldBe(0, DiagnosticFormatter.Format(bag));
        var window = kernel * kernel;
        for (var r = 0; r < Rows; r++)
        {
            for (var j = silent * window; j < (silent + 1) * window; j++)
            {
                gptq.Matrix[(r * layer.Cols) + j].ShouldBe(rtn.Matrix[(r * layer.Cols) + j], $"row {r}, feature {j}");
            }
        }

        var w = layer.ToMatrix();
        var (calibGptq, _) = OutputMse(w, gptq.Matrix, calibration, kernel, stride, pad, size);
        var (calibRtn, _) = OutputMse(w, rtn.Matrix, calibration, kernel, stride, pad, size);
        var (heldGptq, _) = OutputMse(w, gptq.Matrix, heldOut, kernel, stride, pad, size);
        var (heldRtn, _) = OutputMse(w, rtn.Matrix, heldOut, kernel, stride, pad, size);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kernel}x{kernel} stride {stride} pad {pad} {text}, channel {silent} silent: calibration MSE RTN {calibRtn:G4} GPTQ {calibGptq:G4}; held-out RTN {heldRtn:G4} GPTQ {heldGptq:G4}"));
        calibGptq.ShouldBeLessThan(calibRtn);
        heldGptq.ShouldBeLessThan(heldRtn);
    }

    /// <summary>A conv of <see cref="Rows"/>×<see cref="Channels"/> and NCHW inputs whose channels mix 4 heavy-tailed
    /// latent factors per position (plus noise); channel <paramref name="silent"/> (if ≥ 0) is zero.</summary>
    private static (WeightLayer Layer, float[] X) Setup(int kernel, int stride, int pad, int size, int silent, int seed)
    {
        var (_, conv) = TestGraphs.Conv(m: Rows, c: Channels, kh: kernel, kw: kernel, stride: stride, pad: pad, n: Images, h: size, w: size);
        const int latent = 4;
        var rng = new Random(seed);
        var mixRng = new Random(42); // the same channel mixing for calibration and held-out data
        var mix = new double[latent * Channels];
        for (var i = 0; i < mix.Length; i++)
        {
            mix[i] = GptqTests.Gaussian(mixRng);
        }

        var plane = size * size;
        var x = new float[Images * Channels * plane];
        var z = new double[latent];
        for (var s = 0; s < Images; s++)
        {
            for (var p = 0; p < plane; p++)
            {
                for (var l = 0; l < latent; l++)
                {
                    z[l] = GptqTests.Gaussian(rng) * Math.Exp(0.75 * GptqTests.Gaussian(rng)); // heavy tails
                }

                for (var c = 0; c < Channels; c++)
                {
                    var v = 0.1 * GptqTests.Gaussian(rng);
                    for (var l = 0; l < latent; l++)
                    {
                        v += z[l] * mix[(l * Channels) + c];
                    }

                    x[(((s * Channels) + c) * plane) + p] = c == silent ? 0f : (float)v;
                }
            }
        }

        return (TestGraphs.Layer(conv), x);
    }

    /// <summary>Mean over all outputs of <c>(conv(x, Ŵ) − conv(x, W))²</c>, by direct convolution of the view matrices
    /// (group 1, no bias), and the number of outputs.</summary>
    private static (double Mse, long Count) OutputMse(float[] w, float[] wq, float[] x, int kernel, int stride, int pad, int size)
    {
        var cols = Channels * kernel * kernel;
        var outSize = ((size + (2 * pad) - kernel) / stride) + 1;
        var sum = 0.0;
        long count = 0;
        for (var s = 0; s < Images; s++)
        {
            for (var oy = 0; oy < outSize; oy++)
            {
                for (var ox = 0; ox < outSize; ox++)
                {
                    for (var r = 0; r < Rows; r++)
                    {
                        var d = 0.0;
                        for (var c = 0; c < Channels; c++)
                        {
                            for (var i = 0; i < kernel; i++)
                            {
                                var y = (oy * stride) - pad + i;
                                for (var j = 0; j < kernel; j++)
                                {
                                    var xx = (ox * stride) - pad + j;
                                    if (y < 0 || y >= size || xx < 0 || xx >= size)
                                    {
                                        continue;
                                    }

                                    var k = (r * cols) + (c * kernel * kernel) + (i * kernel) + j;
                                    d += ((double)wq[k] - w[k]) * x[(((s * Channels) + c) * size * size) + (y * size) + xx];
                                }
                            }
                        }

                        sum += d * d;
                        count++;
                    }
                }
            }
        }

        return (sum / count, count);
    }
}
