namespace Qc.Calibration.Observers;

/// <summary>A fixed-size histogram whose range grows by doubling as larger values arrive, merging pairs of bins so that
/// counts are preserved exactly.</summary>
/// <remarks>
/// <para>Two layouts: <see cref="Magnitude"/> histograms cover <c>[0, L)</c> and count <c>|x|</c> (TensorRT's entropy
/// calibration, percentiles of <c>|x|</c>); signed histograms cover <c>[−L, L)</c> and count <c>x</c> (the MSE search, which
/// must see both sides for asymmetric formats). The limit <c>L</c> starts at the first non-zero <c>max|x|</c> and doubles
/// while a value exceeds it; each doubling maps old bins <c>2k, 2k+1</c> to one new bin (magnitude: new bin <c>k</c>;
/// signed: new bin <c>B/4 + k</c>), which are exactly the old bins' union because the new bin width is twice the old.
/// A histogram built in one go at the final limit therefore has the same counts bin by bin as the streamed one
/// (the final limit is in (max, 2·max], so at least half of the bins span the data).</para>
/// <para>Memory: <see cref="Bins"/> 64-bit counts, whatever the number of values. Non-finite values are not counted
/// (the caller counts them).</para>
/// </remarks>
public sealed class StreamingHistogram
{
    private readonly long[] _counts;

    /// <summary>Creates an empty histogram.</summary>
    /// <param name="bins">The number of bins: even for magnitude histograms, a multiple of 4 for signed ones (rounded up).</param>
    /// <param name="magnitude">True to count <c>|x|</c> over <c>[0, L)</c>; false to count <c>x</c> over <c>[−L, L)</c>.</param>
    /// <param name="initialLimit">A starting limit (0: taken from the first non-zero value seen).</param>
    public StreamingHistogram(int bins, bool magnitude, double initialLimit = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 4);
        ArgumentOutOfRangeException.ThrowIfNegative(initialLimit);
        var multiple = magnitude ? 2 : 4;
        Bins = (bins + multiple - 1) / multiple * multiple;
        Magnitude = magnitude;
        Limit = initialLimit;
        _counts = new long[Bins];
    }

    /// <summary>The number of bins.</summary>
    public int Bins { get; }

    /// <summary>True for a histogram of <c>|x|</c> over <c>[0, L)</c>, false for <c>x</c> over <c>[−L, L)</c>.</summary>
    public bool Magnitude { get; }

    /// <summary>The current limit <c>L</c> (0 while every value seen was 0).</summary>
    public double Limit { get; private set; }

    /// <summary>The lower edge of bin 0: 0 or −<see cref="Limit"/>.</summary>
    public double Low => Magnitude ? 0 : -Limit;

    /// <summary>The upper edge of the last bin: <see cref="Limit"/>.</summary>
    public double High => Limit;

    /// <summary>The width of one bin.</summary>
    public double BinWidth => (High - Low) / Bins;

    /// <summary>The number of values counted.</summary>
    public long Total { get; private set; }

    /// <summary>How many times the range has doubled (a measure of how much resolution growth cost).</summary>
    public int Doublings { get; private set; }

    /// <summary>The counts, bin by bin.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>The bytes of state this histogram holds (independent of the number of values).</summary>
    public long StateBytes => (long)Bins * sizeof(long) + 48;

    /// <summary>Counts the finite values of <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                max = Math.Max(max, Math.Abs((double)v));
            }
        }

        Grow(max);
        var zeroOnly = Limit == 0;
        var bins = Bins;
        var scale = zeroOnly ? 0 : bins / (High - Low);
        var low = Low;
        long added = 0;
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                continue;
            }

            int index;
            if (zeroOnly)
            {
                index = Magnitude ? 0 : bins / 2;
            }
            else
            {
                var x = Magnitude ? Math.Abs((double)v) : v;
                index = Math.Min((int)((x - low) * scale), bins - 1);
            }

            _counts[index]++;
            added++;
        }

        Total += added;
    }

    /// <summary>The value below which a fraction <paramref name="q"/> of the counted values lie, interpolating linearly inside the bin.</summary>
    /// <exception cref="InvalidOperationException">Nothing was counted.</exception>
    public double Quantile(double q)
    {
        if (Total == 0)
        {
            throw new InvalidOperationException("the histogram is empty");
        }

        q = Math.Clamp(q, 0, 1);
        var target = q * Total;
        double cumulative = 0;
        for (var i = 0; i < Bins; i++)
        {
            var c = _counts[i];
            if (c > 0 && cumulative + c >= target)
            {
                var inside = (target - cumulative) / c;
                return Low + (i + inside) * BinWidth;
            }

            cumulative += c;
        }

        return High;
    }

    /// <summary>The lower edge of bin <paramref name="index"/> (<see cref="Bins"/> gives <see cref="High"/>).</summary>
    public double Edge(int index) => Low + index * BinWidth;

    /// <summary>Doubles the limit until it covers <paramref name="max"/>, merging pairs of bins at each doubling.</summary>
    private void Grow(double max)
    {
        if (max == 0 || max < Limit)
        {
            return;
        }

        if (Limit == 0)
        {
            // Everything counted so far was zero: it sits in the bin holding 0, which stays the bin holding 0. The limit is set
            // a little above the maximum so that the maximum falls inside the last bin rather than on its upper edge.
            Limit = max * (1 + (1.0 / (1 << 20)));
            return;
        }

        while (Limit <= max)
        {
            var half = Bins / 2;
            if (Magnitude)
            {
                for (var k = 0; k < half; k++)
                {
                    _counts[k] = _counts[2 * k] + _counts[(2 * k) + 1];
                }

                Array.Clear(_counts, half, Bins - half);
            }
            else
            {
                var merged = new long[half];
                for (var k = 0; k < half; k++)
                {
                    merged[k] = _counts[2 * k] + _counts[(2 * k) + 1];
                }

                Array.Clear(_counts);
                merged.CopyTo(_counts, Bins / 4);
            }

            Limit *= 2;
            Doublings++;
        }
    }
}
