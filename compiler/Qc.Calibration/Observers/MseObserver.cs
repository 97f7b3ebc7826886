using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Calibration.Observers;

/// <summary><c>mse(grid)</c>: the clipping threshold minimizing the expected squared quantization error of the target format
/// (AIMET's <c>tf_enhanced</c> idea; compression-methods.md §3).</summary>
/// <remarks>
/// A signed streaming histogram (so that asymmetric and unsigned formats see both sides). Candidates are
/// <c>T_k = k/grid · max|x|</c>, <c>k = 1..grid</c>; each gives the range <c>[max(min, −T_k), min(max, T_k)]</c>, whose scale and
/// zero point come from <see cref="CalibrationRange.ToParameters"/> (the exact <see cref="Quantizer"/> arithmetic, scale
/// rounding included). The expected error is <c>Σ_b n_b · mean_j (x_bj − Q(x_bj))²</c> over 8 evenly spaced points per
/// non-empty bin (values assumed uniform inside a bin), so rounding error is resolved even when a bin is narrower than
/// a quantization step. The smallest error wins (the smaller threshold on ties). State O(bins); cost O(grid · bins) at the end.
/// </remarks>
internal sealed class MseObserver(ObserverSpec spec) : HistogramObserver(spec, magnitude: false)
{
    private const int PointsPerBin = 8;

    /// <inheritdoc/>
    public override ObserverResult Result()
    {
        var absMax = Extrema.Range.AbsMax;
        if (Histogram.Total == 0 || absMax == 0)
        {
            return new ObserverResult(Spec, Extrema.Range, null);
        }

        var threshold = Search(absMax, out _);
        return new ObserverResult(Spec, Extrema.Clip(threshold), HistogramMath.Summarize(Histogram, threshold));
    }

    /// <summary>The best threshold and its expected total squared error.</summary>
    internal double Search(double absMax, out double bestError)
    {
        var format = Spec.Format.Granularity is PerTensor ? Spec.Format : CalibrationRange.WithPerTensor(Spec.Format);
        var (points, weights) = SamplePoints();
        var tensor = TensorData.Create<float>([points.Length], points);
        bestError = double.PositiveInfinity;
        var best = absMax;
        for (var k = 1; k <= Spec.Grid; k++)
        {
            var t = absMax * k / Spec.Grid;
            var parameters = Extrema.Clip(t).ToParameters(format);
            var decoded = Quantizer.DecodeToArray(Quantizer.Encode(tensor, format, parameters));
            double error = 0;
            for (var i = 0; i < points.Length; i++)
            {
                var d = (double)points[i] - decoded[i];
                error += weights[i] * d * d;
            }

            if (error < bestError)
            {
                bestError = error;
                best = t;
            }
        }

        return best;
    }

    /// <summary>8 points per non-empty bin, each weighted by an eighth of the bin's count.</summary>
    private (float[] Points, double[] Weights) SamplePoints()
    {
        var counts = Histogram.Counts;
        var nonEmpty = 0;
        foreach (var c in counts)
        {
            nonEmpty += c > 0 ? 1 : 0;
        }

        var points = new float[nonEmpty * PointsPerBin];
        var weights = new double[points.Length];
        var width = Histogram.BinWidth;
        var n = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            if (counts[b] == 0)
            {
                continue;
            }

            var lo = Histogram.Edge(b);
            for (var j = 0; j < PointsPerBin; j++)
            {
                points[n] = (float)(lo + ((j + 0.5) * width / PointsPerBin));
                weights[n] = (double)counts[b] / PointsPerBin;
                n++;
            }
        }

        return (points, weights);
    }
}
