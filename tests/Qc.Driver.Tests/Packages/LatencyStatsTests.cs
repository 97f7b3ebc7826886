using Qc.Driver.Packages;

namespace Qc.Driver.Tests.Packages;

public sealed class LatencyStatsTests
{
    [Fact]
    public void From_OddCount_MedianIsTheMiddleAndP90IsNearestRank()
    {
        var s = LatencyStats.From([5, 1, 4, 2, 3]);
        (s.Runs, s.MedianMs, s.P90Ms, s.MeanMs, s.MinMs, s.MaxMs).ShouldBe((5, 3.0, 5.0, 3.0, 1.0, 5.0));
    }

    [Fact]
    public void From_EvenCount_MedianIsTheMeanOfTheMiddleTwo()
    {
        var s = LatencyStats.From([.. Enumerable.Range(1, 10).Select(i => (double)i)]);
        s.MedianMs.ShouldBe(5.5);
        s.P90Ms.ShouldBe(9);
        LatencyStats.From([7]).P90Ms.ShouldBe(7);
    }

    [Fact]
    public void From_Empty_Throws() => Should.Throw<ArgumentOutOfRangeException>(() => LatencyStats.From([]));
}
