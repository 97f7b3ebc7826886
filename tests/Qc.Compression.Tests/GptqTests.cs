using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Formats;
using Xunit.Abstractions;

namespace Qc.Compression.Tests;

public sealed class GptqTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("int4(axis=0)")]
    [InlineData("int4(per_tensor)")]
    [InlineData("int3(group=8)")]
    [InlineData("uint4(group=8)")]
    [InlineData("nf4(group=8)")]
    public void IdentityHessian_EqualsRoundToNearest(string text)
    {
        var (_, gemm) = TestGraphs.Gemm(nOut: 6, k: 20, transB: true);
        var layer = TestGraphs.Layer(gemm);
        var format = NumberFormat.Parse(text);
        var h = new double[20 * 20];
        for (var i = 0; i < 20; i++)
        {
            h[(i * 20) + i] = 1;
        }

        var bag = new DiagnosticBag();
        var gptq = Gptq.Quantize(layer, [h], format, bag)!;
        var rtn = LayerQuantizer.RoundToNearest(layer, format, bag)!;
        bag.Count.ShouldBe(0);
        gptq.Encoded.Codes.ToArray().ShouldBe(rtn.Encoded.Codes.ToArray());
        gptq.Encoded.Parameters.ShouldBe(rtn.Encoded.Parameters);
        gptq.Matrix.ShouldBe(rtn.Matrix);
    }

    [Theory]
    [InlineData("int4(axis=0)", false)]
    [InlineData("int3(axis=0)", false)]
    [InlineData("int4(group=16)", false)]
    [InlineData("int3(group=16)", true)]
    [InlineData("int3(axis=0)", true)]
    public void CorrelatedInputs_GptqBeatsRoundToNearest(string text, bool actOrder)
    {
        const int k = 64, rows = 16, n = 512;
        var (_, gemm) = TestGraphs.Gemm(nOut: rows, k: k, transB: true);
        var layer = TestGraphs.Layer(gemm);
        var x = Correlated(n, k, latent: 8, seed: 11);
        var acc = new HessianAccumulator(k);
        acc.Add(x, [n, k]);
        var format = NumberFormat.Parse(text);
        var bag = new DiagnosticBag();
        var gptq = Gptq.Quantize(layer, acc, format, bag, new GptqOptions(ActOrder: actOrder))!;
        var rtn = LayerQuantizer.RoundToNearest(layer, format, bag)!;
        bag.Count.ShouldBe(0);
        var w = layer.ToMatrix();
        var eGptq = TestGraphs.OutputError(w, gptq.Matrix, rows, k, x, n);
        var eRtn = TestGraphs.OutputError(w, rtn.Matrix, rows, k, x, n);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{text}{(actOrder ? " act-order" : string.Empty)}: ‖WX − ŴX‖² RTN {eRtn:G4}, GPTQ {eGptq:G4} ({eGptq / eRtn:P1})"));
        eGptq.ShouldBeLessThan(eRtn * 0.8);

        // The identity Σ‖ΔW x‖² = n/2 Σ ΔW H ΔWᵀ holds for the accumulated H.
        TestGraphs.OutputError(w, gptq.Matrix, rows, k, acc.Hessian(), acc.Count).ShouldBe(eGptq, eGptq * 1e-6);

        // Codes decode to the fake-quant values.
        Quantizer.DecodeToArray(gptq.Encoded).ShouldBe(gptq.Matrix);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DeadFeatures_KeepTheirRoundedWeights(bool actOrder)
    {
        const int k = 12, n = 100;
        var (_, gemm) = TestGraphs.Gemm(nOut: 4, k: k, transB: true);
        var layer = TestGraphs.Layer(gemm);
        var x = Correlated(n, k, latent: 3, seed: 5);
        for (var v = 0; v < n; v++)
        {
            x[(v * k) + 3] = 0;
            x[(v * k) + 7] = 0;
        }

        var acc = new HessianAccumulator(k);
        acc.Add(x, [n, k]);
        var bag = new DiagnosticBag();
        var format = NumberFormat.Parse("int4(axis=0)");
        var q = Gptq.Quantize(layer, acc, format, bag, new GptqOptions(ActOrder: actOrder))!;
        var rtn = LayerQuantizer.RoundToNearest(layer, format, bag)!;
        bag.Count.ShouldBe(0);

        // Silent on the calibration data is not silent everywhere: the features keep their weights, rounded to nearest,
        // and take no error from the other columns (zeroing them would delete two input channels).
        foreach (var j in new[] { 3, 7 })
        {
            for (var r = 0; r < 4; r++)
            {
                q.Matrix[(r * k) + j].ShouldBe(rtn.Matrix[(r * k) + j]);
            }

            Enumerable.Range(0, 4).ShouldContain(r => q.Matrix[(r * k) + j] != 0f);
        }

        // The other features still get GPTQ: not RTN everywhere.
        q.Matrix.ShouldNotBe(rtn.Matrix);
    }

    [Fact]
    public void GroupedConv_RunsPerGroupAndBeatsRoundToNearest()
    {
        var (_, conv) = TestGraphs.Conv(m: 4, c: 4, kh: 3, kw: 3, group: 2, pad: 1, h: 8, w: 8, n: 6);
        var layer = TestGraphs.Layer(conv);
        var acc = HessianAccumulator.For(layer);
        var x = Correlated(6 * 4 * 8 * 8 / 8, 8, latent: 2, seed: 9); // smooth-ish activations
        acc.Add(x, [6, 4, 8, 8]);
        acc.Groups.ShouldBe(2);
        var bag = new DiagnosticBag();
        var gptq = Gptq.Quantize(layer, acc, NumberFormat.Parse("int3(axis=0)"), bag)!;
        var rtn = LayerQuantizer.RoundToNearest(layer, NumberFormat.Parse("int3(axis=0)"), bag)!;
        bag.Count.ShouldBe(0);
        var w = layer.ToMatrix();
        double Error(float[] q)
        {
            var sum = 0.0;
            for (var g = 0; g < 2; g++)
            {
                var rowsG = w.AsSpan(g * 2 * layer.Cols, 2 * layer.Cols).ToArray();
                var qG = q.AsSpan(g * 2 * layer.Cols, 2 * layer.Cols).ToArray();
                sum += TestGraphs.OutputError(rowsG, qG, 2, layer.Cols, acc.Hessian(g), acc.Count);
            }

            return sum;
        }

        Error(gptq.Matrix).ShouldBeLessThan(Error(rtn.Matrix));
    }

    [Fact]
    public void MismatchedHessian_IsQC4208()
    {
        var (_, gemm) = TestGraphs.Gemm(nOut: 4, k: 6, transB: true);
        var bag = new DiagnosticBag();
        Gptq.Quantize(TestGraphs.Layer(gemm), new HessianAccumulator(5), NumberFormat.Parse("int4(axis=0)"), bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4208");
    }

    [Fact]
    public void NonFiniteHessian_IsQC4207()
    {
        var (_, gemm) = TestGraphs.Gemm(nOut: 2, k: 3, transB: true);
        var h = new double[9];
        h[0] = h[4] = h[8] = 1;
        h[1] = h[3] = double.NaN;
        var bag = new DiagnosticBag();
        Gptq.Quantize(TestGraphs.Layer(gemm), [h], NumberFormat.Parse("int4(axis=0)"), bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4207");
    }

    /// <summary>n vectors of k features driven by <paramref name="latent"/> factors plus 5% noise (strongly correlated).</summary>
    internal static float[] Correlated(int n, int k, int latent, int seed)
    {
        var rng = new Random(seed);
        var mix = new double[latent * k];
        for (var i = 0; i < mix.Length; i++)
        {
            mix[i] = Gaussian(rng);
        }

        var x = new float[n * k];
        var z = new double[latent];
        for (var v = 0; v < n; v++)
        {
            for (var l = 0; l < latent; l++)
            {
                z[l] = Gaussian(rng);
            }

            for (var j = 0; j < k; j++)
            {
                var s = 0.0;
                for (var l = 0; l < latent; l++)
                {
                    s += z[l] * mix[(l * k) + j];
                }

                x[(v * k) + j] = (float)(s + (0.05 * Gaussian(rng)));
            }
        }

        return x;
    }

    internal static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
