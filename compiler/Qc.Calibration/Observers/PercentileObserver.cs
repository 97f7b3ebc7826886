namespace Qc.Calibration.Observers;

/// <summary><c>percentile(p)</c>: the threshold <c>T</c> is the p-th percentile of <c>|x|</c>, read from a streaming histogram
/// of <c>|x|</c> with linear interpolation inside the bin; the range is <c>[max(min, −T), min(max, T)]</c>.</summary>
/// <remarks>One threshold on <c>|x|</c> (not one per side), as the recipe registry documents ("clip at a percentile of |x|"):
/// it suits symmetric formats, and for non-negative data (ReLU outputs) it is the upper percentile.</remarks>
internal sealed class PercentileObserver(ObserverSpec spec) : HistogramObserver(spec, magnitude: true)
{

    /// <inheritdoc/>
    public override ObserverResult Result()
    {
        if (Histogram.Total == 0)
        {
            return new ObserverResult(Spec, default, null);
        }

        var threshold = Math.Min(Histogram.Quantile(Spec.Percentile / 100), Extrema.Range.AbsMax);
        return new ObserverResult(Spec, Extrema.Clip(threshold), HistogramMath.Summarize(Histogram, threshold));
    }
}

/// <summary>Shared histogram arithmetic of the observers.</summary>
internal static class HistogramMath
{
    /// <summary>The fraction of counted values whose magnitude exceeds <paramref name="threshold"/>, interpolating inside bins.</summary>
    public static double FractionAbove(StreamingHistogram h, double threshold)
    {
        if (h.Total == 0)
        {
            return 0;
        }

        double above = 0;
        var counts = h.Counts;
        for (var i = 0; i < h.Bins; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            double lo = h.Edge(i), hi = h.Edge(i + 1);
            // The part of [lo, hi) with |x| > threshold: [max(lo, T), hi) ∪ [lo, min(hi, −T)).
            var outside = Math.Max(0, hi - Math.Max(lo, threshold)) + Math.Max(0, Math.Min(hi, -threshold) - lo);
            above += counts[i] * Math.Min(1, outside / (hi - lo));
        }

        return above / h.Total;
    }

    /// <summary>The summary of a histogram and the threshold chosen on it.</summary>
    public static HistogramSummary Summarize(StreamingHistogram h, double threshold) =>
        new(h.Bins, h.Magnitude, h.Low, h.High, h.Total, threshold, FractionAbove(h, threshold));
}
