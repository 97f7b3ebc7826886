using Qc.Calibration.Observers;

namespace Qc.Calibration.Tests;

public sealed class HistogramTests
{
    [Fact]
    public void GrowingMagnitudeHistogram_EqualsOneBuiltAtTheFinalRange_BinByBin()
    {
        var small = Synthetic.Gaussian(10_000, 0.1, seed: 1);
        var large = Synthetic.Gaussian(10_000, 3, seed: 2);
        var streamed = new StreamingHistogram(2048, magnitude: true);
        streamed.Add(small);
        var firstLimit = streamed.Limit;
        streamed.Add(large);
        streamed.Doublings.ShouldBeGreaterThan(3);
        streamed.Limit.ShouldBe(firstLimit * Math.Pow(2, streamed.Doublings));

        var direct = new StreamingHistogram(2048, magnitude: true, initialLimit: streamed.Limit);
        direct.Add(small);
        direct.Add(large);
        direct.Limit.ShouldBe(streamed.Limit);
        streamed.Counts.ToArray().ShouldBe(direct.Counts.ToArray());
        streamed.Total.ShouldBe(20_000);
    }

    [Fact]
    public void GrowingSignedHistogram_PreservesCounts()
    {
        var streamed = new StreamingHistogram(2048, magnitude: false);
        var batches = new[] { Synthetic.Uniform(5000, -0.01f, 0.02f, 3), Synthetic.Gaussian(5000, 1, 4), Synthetic.Uniform(5000, -40, 10, 5) };
        long expected = 0;
        foreach (var b in batches)
        {
            streamed.Add(b);
            expected += b.Length;
            streamed.Counts.ToArray().Sum().ShouldBe(expected);
        }

        var direct = new StreamingHistogram(2048, magnitude: false, initialLimit: streamed.Limit);
        foreach (var b in batches)
        {
            direct.Add(b);
        }

        // Bins agree except where rounding of x + L puts a value exactly on an edge differently: allow a handful.
        var differing = streamed.Counts.ToArray().Zip(direct.Counts.ToArray()).Count(p => p.First != p.Second);
        differing.ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public void NonFiniteValues_AreNotCounted_AndZerosBeforeGrowthStayAtZero()
    {
        var h = new StreamingHistogram(16, magnitude: false);
        h.Add([0f, 0f, float.NaN, float.PositiveInfinity]);
        h.Total.ShouldBe(2);
        h.Limit.ShouldBe(0);
        h.Add([1f, -1f]);
        h.Total.ShouldBe(4);
        h.Counts[8].ShouldBe(2); // [0, 0.125)
        h.Counts[0].ShouldBe(1); // −1
        h.Counts[15].ShouldBe(1); // +1 lands in the last bin
    }

    [Fact]
    public void Quantile_OfUniformData_IsLinear()
    {
        var h = new StreamingHistogram(1024, magnitude: true);
        h.Add(Synthetic.Uniform(200_000, 0, 4, 6));
        h.Quantile(0.5).ShouldBe(2.0, 0.03);
        h.Quantile(0.9).ShouldBe(3.6, 0.03);
    }
}
