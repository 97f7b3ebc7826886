using Qc.Core.Data;

namespace Qc.Calibration;

/// <summary>The samples of a dataset at chosen indices, streamed in dataset order (a seeded calibration subset).</summary>
internal sealed class SubsetSource(IDatasetSource inner, long[] sortedIndices) : IDatasetSource
{
    /// <inheritdoc/>
    public string Description => inner.Description;

    /// <inheritdoc/>
    public IReadOnlyList<string?> InputNames => inner.InputNames;

    /// <inheritdoc/>
    public long? Count => sortedIndices.Length;

    /// <inheritdoc/>
    public bool HasLabels => inner.HasLabels;

    /// <inheritdoc/>
    public IEnumerable<Sample> ReadSamples()
    {
        if (sortedIndices.Length == 0)
        {
            yield break;
        }

        var next = 0;
        foreach (var sample in inner.ReadSamples())
        {
            if (sample.Index == sortedIndices[next])
            {
                yield return sample;
                if (++next == sortedIndices.Length)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary><paramref name="k"/> distinct indices of <c>[0, n)</c>, sorted, chosen by Floyd's algorithm with a SplitMix64
    /// generator seeded by <paramref name="seed"/> (the same on every platform and .NET version).</summary>
    public static long[] Choose(long n, long k, long seed)
    {
        var chosen = new HashSet<long>();
        var state = unchecked((ulong)seed);
        for (var j = n - k; j < n; j++)
        {
            var t = (long)(Next(ref state) % (ulong)(j + 1));
            chosen.Add(chosen.Contains(t) ? j : t);
        }

        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
