namespace Qc.Calibration.Observers;

/// <summary><c>kl(bins)</c>: TensorRT's entropy calibration (<i>8-bit Inference with TensorRT</i>; compression-methods.md §3).</summary>
/// <remarks>
/// A streaming histogram of <c>|x|</c> with <see cref="ObserverSpec.Bins"/> bins (2048 by default). For every candidate
/// <c>i</c> from <c>L</c> (the format's levels, <see cref="ObserverSpec.Levels"/>: 128 for int8) to the number of bins:
/// <c>P</c> is bins <c>0..i−1</c> with the mass of all later bins added to bin <c>i−1</c>; <c>Q</c> merges bins <c>0..i−1</c>
/// (without that tail) into <c>L</c> equal chunks and spreads each chunk's mass evenly over the bins where <c>P</c> is
/// non-zero; both are smoothed as MXNet's <c>_smooth_distribution</c> does (ε = 1e−4 moved from non-zero to zero bins) and
/// the <c>i</c> minimizing <c>KL(P‖Q)</c> gives the threshold <c>T = i·width</c> (the upper edge of the last kept bin).
/// The range is <c>[max(min, −T), min(max, T)]</c>. Cost O(bins²) once at the end (above 2048 bins every
/// <c>bins/2048</c>-th candidate is tried, so O(bins · 2048)); state O(bins).
/// </remarks>
internal sealed class KlObserver(ObserverSpec spec) : HistogramObserver(spec, magnitude: true)
{
    private const double Epsilon = 1e-4;

    /// <inheritdoc/>
    public override ObserverResult Result()
    {
        if (Histogram.Total == 0 || Histogram.Limit == 0)
        {
            return new ObserverResult(Spec, Extrema.Range, null);
        }

        var best = BestBinCount(Histogram.Counts, Math.Min(Spec.Levels, Histogram.Bins));
        var threshold = Math.Min(best * Histogram.BinWidth, Extrema.Range.AbsMax);
        return new ObserverResult(Spec, Extrema.Clip(threshold), HistogramMath.Summarize(Histogram, threshold));
    }

    /// <summary>The number of leading bins <c>i ∈ [levels, bins]</c> whose threshold minimizes <c>KL(P‖Q)</c> (the first on ties).</summary>
    internal static int BestBinCount(ReadOnlySpan<long> hist, int levels)
    {
        var bins = hist.Length;
        // The last non-empty bin: candidates past it all see the same P and are never better.
        var last = bins - 1;
        while (last > 0 && hist[last] == 0)
        {
            last--;
        }

        if (last + 1 <= levels)
        {
            return Math.Max(last + 1, 1);
        }

        var tail = new double[bins + 1];
        for (var i = bins - 1; i >= 0; i--)
        {
            tail[i] = tail[i + 1] + hist[i];
        }

        var p = new double[bins];
        var q = new double[bins];
        var bestKl = double.PositiveInfinity;
        var bestI = last + 1;
        // Past 2048 bins the candidates are thinned to about 2048 evenly spaced ones, keeping the cost O(bins · 2048).
        var stride = Math.Max(1, bins / 2048);
        for (var i = levels; i <= last + 1; i += stride)
        {
            for (var k = 0; k < i; k++)
            {
                p[k] = hist[k];
            }

            p[i - 1] += tail[i];

            // Q: L chunks of hist[0..i) (floor boundaries j·i/L), each spread over the chunk's bins where P is non-zero.
            for (var j = 0; j < levels; j++)
            {
                var start = (int)((long)j * i / levels);
                var stop = (int)((long)(j + 1) * i / levels);
                double sum = 0;
                var nonZero = 0;
                for (var k = start; k < stop; k++)
                {
                    sum += hist[k];
                    nonZero += p[k] != 0 ? 1 : 0;
                }

                var share = nonZero == 0 ? 0 : sum / nonZero;
                for (var k = start; k < stop; k++)
                {
                    q[k] = p[k] != 0 ? share : 0;
                }
            }

            var kl = Divergence(p.AsSpan(0, i), q.AsSpan(0, i));
            if (kl < bestKl)
            {
                bestKl = kl;
                bestI = i;
            }
        }

        return bestI;
    }

    /// <summary>KL(P‖Q) of two count vectors after smoothing and normalizing both (scipy.stats.entropy after MXNet's smoothing).</summary>
    private static double Divergence(Span<double> p, Span<double> q)
    {
        if (!Smooth(p) || !Smooth(q))
        {
            return double.PositiveInfinity;
        }

        double sp = 0, sq = 0;
        for (var k = 0; k < p.Length; k++)
        {
            sp += p[k];
            sq += q[k];
        }

        double kl = 0;
        for (var k = 0; k < p.Length; k++)
        {
            if (p[k] > 0)
            {
                var pk = p[k] / sp;
                kl += pk * Math.Log(pk / (q[k] / sq));
            }
        }

        return kl;
    }

    /// <summary>Moves ε of mass onto each zero entry, taken evenly from the non-zero ones; false when all are zero.</summary>
    private static bool Smooth(Span<double> d)
    {
        var zeros = 0;
        foreach (var v in d)
        {
            zeros += v == 0 ? 1 : 0;
        }

        var nonZeros = d.Length - zeros;
        if (nonZeros == 0)
        {
            return false;
        }

        var take = Epsilon * zeros / nonZeros;
        for (var k = 0; k < d.Length; k++)
        {
            d[k] = d[k] == 0 ? Epsilon : d[k] - take;
        }

        return true;
    }
}
