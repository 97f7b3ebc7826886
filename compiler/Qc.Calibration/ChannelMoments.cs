using System.Collections.Immutable;

namespace Qc.Calibration;

/// <summary>Per-channel first and second moments of a tensor over the calibration set: <c>E[x]</c> and <c>E[x²]</c> per index
/// of the channel axis (for bias correction and the <c>hessian_proxy</c> sensitivity <c>Σ_i E[x_i²]·‖ΔW[:,i]‖²</c>).</summary>
/// <param name="Axis">The channel axis: 1 for NCHW inputs of Conv, the last axis for <c>[.., features]</c> inputs of Gemm/MatMul.</param>
/// <param name="CountPerChannel">The finite values averaged per channel (samples × the other dims), the smallest over channels.</param>
/// <param name="Mean">E[x] per channel.</param>
/// <param name="MeanSquare">E[x²] per channel.</param>
public sealed record ChannelMoments(int Axis, long CountPerChannel, ImmutableArray<double> Mean, ImmutableArray<double> MeanSquare)
{
    /// <summary>The number of channels.</summary>
    public int Channels => Mean.Length;

    /// <inheritdoc/>
    public bool Equals(ChannelMoments? other) =>
        other is not null && Axis == other.Axis && CountPerChannel == other.CountPerChannel
        && Mean.AsSpan().SequenceEqual(other.Mean.AsSpan()) && MeanSquare.AsSpan().SequenceEqual(other.MeanSquare.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Axis, CountPerChannel, Mean.Length);
}

/// <summary>Accumulates per-channel sums in double precision; O(channels) state.</summary>
internal sealed class ChannelMomentsAccumulator(int? requestedAxis)
{
    private double[] _sum = [];
    private double[] _sumSquares = [];
    private long[] _count = [];
    private int _axis = -1;
    private int _rank = -1;

    /// <summary>The bytes of state.</summary>
    public long StateBytes => (long)_sum.Length * 24 + 32;

    /// <summary>The channel axis a tensor of rank <paramref name="rank"/> uses: the requested one (negative counts from the end),
    /// else 1 for rank ≥ 4 (NCHW) and the last axis otherwise.</summary>
    public static int AxisFor(int? requested, int rank)
    {
        if (rank == 0)
        {
            return 0;
        }

        var axis = requested ?? (rank >= 4 ? 1 : rank - 1);
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>Adds one batch (row-major <paramref name="values"/> of shape <paramref name="dims"/>); returns an error text when the
    /// shape disagrees with earlier batches, null otherwise.</summary>
    public string? Observe(ReadOnlySpan<float> values, ReadOnlySpan<long> dims)
    {
        var rank = dims.Length;
        var axis = AxisFor(requestedAxis, rank);
        if (axis < 0 || axis >= Math.Max(rank, 1))
        {
            return $"has rank {rank}, which has no channel axis {requestedAxis}";
        }

        var channels = rank == 0 ? 1 : checked((int)dims[axis]);
        if (_rank < 0)
        {
            _rank = rank;
            _axis = axis;
            _sum = new double[channels];
            _sumSquares = new double[channels];
            _count = new long[channels];
        }
        else if (rank != _rank || channels != _sum.Length)
        {
            return $"changed from rank {_rank} with {_sum.Length} channels to rank {rank} with {channels} channels";
        }

        long inner = 1;
        for (var d = axis + 1; d < rank; d++)
        {
            inner *= dims[d];
        }

        if (channels == 0 || inner == 0)
        {
            return null;
        }

        var block = checked((int)inner);
        var sum = _sum;
        var squares = _sumSquares;
        var count = _count;
        for (var offset = 0; offset < values.Length; offset += block * channels)
        {
            for (var c = 0; c < channels; c++)
            {
                var run = values.Slice(offset + (c * block), block);
                double s = 0, s2 = 0;
                long n = 0;
                foreach (var v in run)
                {
                    if (float.IsFinite(v))
                    {
                        s += v;
                        s2 += (double)v * v;
                        n++;
                    }
                }

                sum[c] += s;
                squares[c] += s2;
                count[c] += n;
            }
        }

        return null;
    }

    /// <summary>The moments (empty when nothing was observed).</summary>
    public ChannelMoments Result()
    {
        var mean = new double[_sum.Length];
        var meanSquare = new double[_sum.Length];
        var min = long.MaxValue;
        for (var c = 0; c < mean.Length; c++)
        {
            min = Math.Min(min, _count[c]);
            mean[c] = _count[c] == 0 ? 0 : _sum[c] / _count[c];
            meanSquare[c] = _count[c] == 0 ? 0 : _sumSquares[c] / _count[c];
        }

        return new ChannelMoments(Math.Max(_axis, 0), mean.Length == 0 ? 0 : min, [.. mean], [.. meanSquare]);
    }
}
