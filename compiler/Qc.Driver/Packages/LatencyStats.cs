namespace Qc.Driver.Packages;

/// <summary>Latency statistics of timed runs, in milliseconds.</summary>
/// <param name="Runs">The number of timed runs.</param>
/// <param name="MedianMs">The median (the mean of the two middle runs for an even count).</param>
/// <param name="P90Ms">The 90th percentile (nearest rank).</param>
/// <param name="MeanMs">The mean.</param>
/// <param name="MinMs">The fastest run.</param>
/// <param name="MaxMs">The slowest run.</param>
public sealed record LatencyStats(int Runs, double MedianMs, double P90Ms, double MeanMs, double MinMs, double MaxMs)
{
    /// <summary>The statistics of <paramref name="milliseconds"/> (at least one value).</summary>
    public static LatencyStats From(IReadOnlyList<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        ArgumentOutOfRangeException.ThrowIfZero(milliseconds.Count);
        var sorted = milliseconds.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p90 = sorted[(int)Math.Ceiling(0.9 * n) - 1];
        return new LatencyStats(n, median, p90, sorted.Average(), sorted[0], sorted[^1]);
    }
}
