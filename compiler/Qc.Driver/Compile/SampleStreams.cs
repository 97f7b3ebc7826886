using Qc.Core.Data;

namespace Qc.Driver.Compile;

/// <summary>Skipping samples of a stream by a 64-bit count.</summary>
internal static class SampleStreams
{
    /// <summary>The samples after the first <paramref name="count"/>.</summary>
    public static IEnumerable<Sample> Skip(this IEnumerable<Sample> samples, long count)
    {
        long seen = 0;
        foreach (var s in samples)
        {
            if (seen++ >= count)
            {
                yield return s;
            }
        }
    }
}
