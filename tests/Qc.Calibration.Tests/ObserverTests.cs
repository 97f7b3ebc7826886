using Qc.Calibration.Observers;
using Qc.Formats;

namespace Qc.Calibration.Tests;

public sealed class ObserverTests
{
    private static ObserverResult Observe(ObserverSpec spec, params float[][] batches)
    {
        var o = spec.Create();
        foreach (var b in batches)
        {
            o.Observe(b);
        }

        return o.Result();
    }

    [Fact]
    public void MinMax_OfUniformData_IsTheExactExtremes_IgnoringNonFinite()
    {
        var data = Synthetic.Uniform(10_000, -3, 5, 1);
        var r = Observe(ObserverSpec.MinMax, data[..5000], [float.NaN, float.NegativeInfinity], data[5000..]);
        r.Range.ShouldBe(new CalibrationRange(data.Min(), data.Max()));
        r.Histogram.ShouldBeNull();
    }

    [Fact]
    public void EveryObserver_WithoutFiniteValues_GivesAZeroRange()
    {
        foreach (var spec in new[] { ObserverSpec.MinMax, ObserverSpec.ForPercentile(), ObserverSpec.ForKl(), ObserverSpec.ForMse() })
        {
            Observe(spec, [float.NaN]).Range.ShouldBe(default, spec.ToString());
            Observe(spec, [0f, 0f]).Range.ShouldBe(default, spec.ToString());
        }
    }

    [Fact]
    public void Percentile_OfUniformData_ClipsTheTopPercent()
    {
        var r = Observe(ObserverSpec.ForPercentile(99), Synthetic.Uniform(200_000, -2, 2, 2));
        r.Range.Max.ShouldBe(1.98f, 0.01f);
        r.Range.Min.ShouldBe(-1.98f, 0.01f);
        r.Histogram!.ClippedFraction.ShouldBe(0.01, 0.001);
    }

    [Theory]
    [InlineData(99.0, 2.5758)]
    [InlineData(99.9, 3.2905)]
    public void Percentile_OfGaussianData_IsCloseToTheAnalyticQuantileOfAbsX(double p, double analytic)
    {
        // P(|x| < t) = p/100  ⇔  t = Φ⁻¹(1/2 + p/200).
        var r = Observe(ObserverSpec.ForPercentile(p), Synthetic.Gaussian(400_000, 1, 3));
        r.Histogram!.Threshold.ShouldBe(analytic, analytic * 0.02);
        r.Range.Max.ShouldBe((float)r.Histogram.Threshold, 1e-5f);
    }

    [Fact]
    public void Percentile_OfNonNegativeData_KeepsTheObservedMinimum()
    {
        var relu = Synthetic.Gaussian(50_000, 1, 4).Select(x => Math.Max(x, 0)).ToArray();
        var r = Observe(ObserverSpec.ForPercentile(99.9), relu);
        r.Range.Min.ShouldBe(0f);
        r.Range.Max.ShouldBeGreaterThan(2.5f);
    }

    [Fact]
    public void Kl_OnDataWithOutliers_ChoosesAThresholdFarBelowTheMaximum()
    {
        var data = Synthetic.Gaussian(100_000, 1, 5).ToList();
        var outliers = Synthetic.Uniform(50, 80, 100, 6);
        data.AddRange(outliers);
        data.AddRange(outliers.Select(x => -x));
        var kl = Observe(ObserverSpec.ForKl(), [.. data]);
        var minmax = Observe(ObserverSpec.MinMax, [.. data]);
        minmax.Range.Max.ShouldBeGreaterThan(95f);
        kl.Histogram!.Threshold.ShouldBeInRange(2.0, 15.0);
        kl.Range.Max.ShouldBe((float)kl.Histogram.Threshold, 1e-4f);
        kl.Range.Min.ShouldBe(-kl.Range.Max);
        kl.Histogram.ClippedFraction.ShouldBeLessThan(0.01);
    }

    [Fact]
    public void Kl_WithFewOccupiedBins_KeepsTheWholeRange()
    {
        // Everything lies in fewer bins than the format has levels: nothing is worth clipping.
        var r = Observe(ObserverSpec.ForKl(), [0.5f, 1f, 2f, 4f]);
        r.Range.ShouldBe(new CalibrationRange(0.5f, 4f));
    }

    [Theory]
    [InlineData(4, 0.05)]
    [InlineData(8, 0.05)]
    public void Mse_ClipForAGaussian_IsCloseToABruteForceSearch(int bits, double maxExcess)
    {
        var data = Synthetic.Gaussian(50_000, 1, 7);
        var format = NumberFormat.Parse($"int{bits}(per_tensor)");
        var r = Observe(ObserverSpec.ForMse(format: format), data);
        var chosen = r.Histogram!.Threshold;

        // Brute force on the raw samples, with the int-b symmetric quantizer written out here (full signed range, s = T/(2^(b−1)−1)).
        var (bestT, bestMse) = (0.0, double.PositiveInfinity);
        for (var t = 0.5; t <= 6.0; t += 0.01)
        {
            var mse = QuantizationMse(data, t, bits);
            if (mse < bestMse)
            {
                (bestT, bestMse) = (t, mse);
            }
        }

        QuantizationMse(data, chosen, bits).ShouldBeLessThanOrEqualTo(bestMse * (1 + maxExcess), $"chosen {chosen}, brute force {bestT}");
        if (bits == 4)
        {
            chosen.ShouldBe(bestT, bestT * 0.1);
            chosen.ShouldBeInRange(2.2, 3.0); // the textbook 4-bit optimum for N(0, 1) is about 2.5σ
        }
        else
        {
            chosen.ShouldBeGreaterThan(3.0);
        }
    }

    [Fact]
    public void Mse_ForAnUnsignedFormatOnNonNegativeData_ClipsOnlyTheTop()
    {
        var relu = Synthetic.Gaussian(20_000, 1, 8).Select(x => Math.Max(x, 0)).ToArray();
        var r = Observe(ObserverSpec.ForMse(format: NumberFormat.Parse("uint4(per_tensor)")), relu);
        r.Range.Min.ShouldBe(0f);
        r.Range.Max.ShouldBeInRange(1.5f, relu.Max());
    }

    [Fact]
    public void ObserverState_DoesNotGrowWithTheData()
    {
        foreach (var spec in new[] { ObserverSpec.MinMax, ObserverSpec.ForPercentile(), ObserverSpec.ForKl(), ObserverSpec.ForMse() })
        {
            var o = spec.Create();
            o.Observe(Synthetic.Gaussian(1000, 1, 9));
            var before = o.StateBytes;
            for (var i = 0; i < 20; i++)
            {
                o.Observe(Synthetic.Gaussian(10_000, 1 + i, 10 + i));
            }

            o.StateBytes.ShouldBe(before, spec.ToString());
            o.StateBytes.ShouldBeLessThan(20_000);
        }
    }

    [Theory]
    [InlineData("minmax", "minmax")]
    [InlineData("percentile", "percentile(99.99)")]
    [InlineData("percentile(99.9)", "percentile(99.9)")]
    [InlineData("percentile(p=99, bins=512)", "percentile(99, bins=512)")]
    [InlineData("kl", "kl(bins=2048)")]
    [InlineData("kl(4096)", "kl(bins=4096)")]
    [InlineData("kl(bins=2048, format=uint8(per_tensor))", "kl(bins=2048, format=uint8(per_tensor))")]
    [InlineData("mse(50)", "mse(grid=50)")]
    [InlineData("mse(grid=100, format=int4(per_tensor))", "mse(grid=100, format=int4(per_tensor))")]
    public void ObserverText_RoundTrips(string text, string canonical)
    {
        var spec = ObserverSpec.Parse(text);
        spec.ToString().ShouldBe(canonical);
        ObserverSpec.Parse(canonical).ShouldBe(spec);
    }

    [Theory]
    [InlineData("median")]
    [InlineData("percentile(0)")]
    [InlineData("percentile(101)")]
    [InlineData("kl(64)")]
    [InlineData("mse(grid=1)")]
    [InlineData("mse(format=int9)")]
    [InlineData("minmax(3)")]
    [InlineData("kl(bins=2048")]
    public void BadObserverText_IsAnError(string text) =>
        ObserverSpec.TryParse(text, out _, out var error).ShouldBeFalse(error);

    [Fact]
    public void Range_GivesTheQuantizerParametersOfTheFormat()
    {
        var range = new CalibrationRange(-1.5f, 3f);
        var sym = range.ToParameters(NumberFormat.Parse("int8(axis=0)"));
        sym.Scales.ShouldHaveSingleItem().ShouldBe(3f / 127, 1e-7f);
        sym.ZeroPoints.ShouldBeEmpty();
        var asym = range.ToParameters(NumberFormat.Parse("uint8(per_tensor)"));
        asym.Scales.ShouldHaveSingleItem().ShouldBe(4.5f / 255, 1e-7f);
        asym.ZeroPoints.ShouldHaveSingleItem().ShouldBe(85);
    }

    private static double QuantizationMse(float[] data, double t, int bits)
    {
        var qmax = (1 << (bits - 1)) - 1;
        var qmin = -(1 << (bits - 1));
        var s = (float)(t / qmax);
        double sum = 0;
        foreach (var x in data)
        {
            var q = Math.Clamp(MathF.Round(x / s, MidpointRounding.ToEven), qmin, qmax);
            var d = x - (q * s);
            sum += d * d;
        }

        return sum / data.Length;
    }
}
