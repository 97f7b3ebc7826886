using System.Collections.Immutable;

namespace Qc.Formats;

/// <summary>Maps each element of a tensor to the index of its scale (and zero point).</summary>
/// <remarks>Parameters are laid out row-major over <see cref="Dims"/>: the tensor's dims for per-channel kept on the
/// axis only, and for groups the tensor's dims with the axis length replaced by ⌈d/g⌉ (ONNX blocked layout).</remarks>
internal readonly struct ParamLayout
{
    private readonly int _mode; // 0 per-tensor, 1 per-channel, 2 grouped
    private readonly long _inner;
    private readonly long _axisLength;
    private readonly long _group;
    private readonly long _blocks;

    public ParamLayout(Granularity granularity, ReadOnlySpan<long> dims)
    {
        ArgumentNullException.ThrowIfNull(granularity);
        if (granularity is PerTensor)
        {
            _mode = 0;
            Dims = [];
            Count = 1;
            return;
        }

        var (axis, group) = granularity switch
        {
            PerChannel p => (p.Axis, 0),
            Grouped g => (g.Axis, g.Size),
            _ => throw new System.Diagnostics.UnreachableException(granularity.ToString()),
        };
        var rank = dims.Length;
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentException($"axis {axis} is out of range for a tensor of rank {rank}");
        }

        _inner = 1;
        for (var i = a + 1; i < rank; i++)
        {
            _inner *= dims[i];
        }

        _axisLength = dims[a];
        var d = dims.ToArray();
        if (group == 0)
        {
            _mode = 1;
            Dims = [_axisLength];
            Count = _axisLength;
            return;
        }

        _mode = 2;
        _group = group;
        _blocks = (_axisLength + group - 1) / group;
        d[a] = _blocks;
        Dims = [.. d];
        var count = 1L;
        foreach (var x in d)
        {
            count *= x;
        }

        Count = count;
    }

    /// <summary>The shape of the scale (and zero point) tensor; empty for per-tensor.</summary>
    public ImmutableArray<long> Dims { get; }

    /// <summary>Number of scales.</summary>
    public long Count { get; }

    /// <summary>The parameter index of flat (row-major) element <paramref name="i"/>.</summary>
    public long Index(long i)
    {
        switch (_mode)
        {
            case 0:
                return 0;
            case 1:
                return (i / _inner) % _axisLength;
            default:
                var innerIdx = i % _inner;
                var rest = i / _inner;
                var c = rest % _axisLength;
                var outer = rest / _axisLength;
                return (((outer * _blocks) + (c / _group)) * _inner) + innerIdx;
        }
    }
}
