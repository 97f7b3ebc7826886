namespace Qc.Driver.Compile;

/// <summary>Accumulates the accuracy metrics of a compressed model's outputs against the fp32 model's, sample by sample:
/// top-1/top-5 against labels (and the fp32 model's own), top-1 agreement, MSE, SQNR, PSNR, mean cosine, mean KL of the
/// softmaxes, and IoU of the first output thresholded at 0.5.</summary>
/// <remarks>Top-k, KL and IoU read the first output; MSE, SQNR, PSNR and cosine read all outputs. Memory is O(1).</remarks>
internal sealed class OutputMetrics
{
    private long _samples;
    private long _labelled;
    private long _top1;
    private long _top1Ref;
    private long _top5;
    private long _top5Ref;
    private long _agree;
    private long _elements;
    private double _signal;
    private double _noise;
    private double _peak;
    private double _cosine;
    private double _kl;
    private long _intersection;
    private long _union;

    /// <summary>Samples seen.</summary>
    public long Samples => _samples;

    /// <summary>True when every sample had a label.</summary>
    public bool HasLabels => _samples > 0 && _labelled == _samples;

    /// <summary>Adds one batch: per output, the fp32 and compressed values for <paramref name="count"/> samples.</summary>
    public void Add(float[][] reference, float[][] compressed, int count, IReadOnlyList<long?> labels)
    {
        for (var s = 0; s < count; s++)
        {
            double dot = 0, rr = 0, qq = 0;
            for (var o = 0; o < reference.Length; o++)
            {
                var per = reference[o].Length / count;
                var r = reference[o].AsSpan(s * per, per);
                var q = compressed[o].AsSpan(s * per, per);
                for (var i = 0; i < per; i++)
                {
                    var d = (double)q[i] - r[i];
                    _noise += d * d;
                    _signal += (double)r[i] * r[i];
                    _peak = Math.Max(_peak, Math.Abs(r[i]));
                    dot += (double)r[i] * q[i];
                    rr += (double)r[i] * r[i];
                    qq += (double)q[i] * q[i];
                }

                _elements += per;
                if (o == 0)
                {
                    First(r, q, labels.Count > s ? labels[s] : null);
                }
            }

            _cosine += rr == 0 && qq == 0 ? 1 : rr == 0 || qq == 0 ? 0 : dot / Math.Sqrt(rr * qq);
            _samples++;
        }
    }

    /// <summary>The value of a metric, its fp32 reference and whether larger is better; null for an unknown name.</summary>
    public (double Value, double Reference)? Metric(string name) => name switch
    {
        "top1" => HasLabels ? (Ratio(_top1, _samples), Ratio(_top1Ref, _samples)) : (Agreement, 1.0),
        "top5" => HasLabels ? (Ratio(_top5, _samples), Ratio(_top5Ref, _samples)) : (Ratio(_top5, _samples), 1.0),
        "agreement" => (Agreement, 1.0),
        "mse" => (Mse, 0.0),
        "sqnr" => (Sqnr, double.PositiveInfinity),
        "psnr" => (Mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(_peak * _peak / Mse), double.PositiveInfinity),
        "cosine" => (_samples == 0 ? 1 : _cosine / _samples, 1.0),
        "kl" => (_samples == 0 ? 0 : _kl / _samples, 0.0),
        "iou" => (_union == 0 ? 1 : (double)_intersection / _union, 1.0),
        _ => null,
    };

    /// <summary>Top-1 agreement with the fp32 model.</summary>
    public double Agreement => Ratio(_agree, _samples);

    /// <summary>Mean squared difference over all output elements.</summary>
    public double Mse => _elements == 0 ? 0 : _noise / _elements;

    /// <summary>Signal-to-quantization-noise ratio of all outputs in dB (infinite when identical).</summary>
    public double Sqnr => _noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(_signal / _noise);

    private void First(ReadOnlySpan<float> r, ReadOnlySpan<float> q, long? label)
    {
        var ar = ArgMax(r);
        var aq = ArgMax(q);
        if (ar == aq)
        {
            _agree++;
        }

        var target = label ?? ar;
        if (label is not null)
        {
            _labelled++;
            _top1Ref += ar == target ? 1 : 0;
            _top5Ref += InTop(r, target, 5) ? 1 : 0;
        }

        _top1 += aq == target ? 1 : 0;
        _top5 += InTop(q, target, 5) ? 1 : 0;
        _kl += Kl(r, q);
        for (var i = 0; i < r.Length; i++)
        {
            bool a = r[i] > 0.5f, b = q[i] > 0.5f;
            _intersection += a && b ? 1 : 0;
            _union += a || b ? 1 : 0;
        }
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;

    private static long ArgMax(ReadOnlySpan<float> v)
    {
        var best = 0;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static bool InTop(ReadOnlySpan<float> v, long target, int k)
    {
        if (target < 0 || target >= v.Length)
        {
            return false;
        }

        var t = v[(int)target];
        var above = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] > t || (v[i] == t && i < target))
            {
                above++;
            }
        }

        return above < k;
    }

    private static double Kl(ReadOnlySpan<float> r, ReadOnlySpan<float> q)
    {
        var pr = Softmax(r);
        var pq = Softmax(q);
        var kl = 0.0;
        for (var i = 0; i < pr.Length; i++)
        {
            if (pr[i] > 0)
            {
                kl += pr[i] * (Math.Log(pr[i]) - Math.Log(Math.Max(pq[i], 1e-300)));
            }
        }

        return kl;
    }

    private static double[] Softmax(ReadOnlySpan<float> v)
    {
        var max = double.NegativeInfinity;
        foreach (var x in v)
        {
            max = Math.Max(max, x);
        }

        var e = new double[v.Length];
        var sum = 0.0;
        for (var i = 0; i < v.Length; i++)
        {
            e[i] = Math.Exp(v[i] - max);
            sum += e[i];
        }

        for (var i = 0; i < e.Length; i++)
        {
            e[i] /= sum;
        }

        return e;
    }
}
