using Qc.Core.Tensors;

namespace Qc.Core.Data;

/// <summary>Batching and limiting over any <see cref="IDatasetSource"/>, streaming: at most one batch is held at a time.</summary>
public static class DatasetExtensions
{
    /// <summary>Groups consecutive samples into batches of <paramref name="batchSize"/> (the last one may be smaller), concatenating
    /// each input along axis 0.</summary>
    /// <param name="source">The dataset.</param>
    /// <param name="batchSize">Samples per batch (at least 1).</param>
    /// <param name="limit">Read at most this many samples (null for all): calibration takes a prefix without reading the rest.</param>
    /// <exception cref="DatasetFormatException">Samples of one batch disagree in element type or in the dims after axis 0.</exception>
    public static IEnumerable<Batch> Batches(this IDatasetSource source, int batchSize, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "the limit must not be negative");
        }

        return Iterate(source, batchSize, limit);
    }

    /// <summary>The first <paramref name="limit"/> samples (or all, when null), streamed.</summary>
    public static IEnumerable<Sample> ReadSamples(this IDatasetSource source, long? limit)
    {
        ArgumentNullException.ThrowIfNull(source);
        return limit is null ? source.ReadSamples() : source.ReadSamples().Take(checked((int)Math.Min(limit.Value, int.MaxValue)));
    }

    /// <summary>Concatenates tensors of the same element type and trailing dims along axis 0.</summary>
    /// <exception cref="ArgumentException">The tensors disagree, are scalars, or are of a type that is not byte-addressable (4-bit, string).</exception>
    public static TensorData ConcatenateAxis0(IReadOnlyList<TensorData> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to concatenate", nameof(parts));
        }

        var first = parts[0];
        if (first.Rank == 0 || first.ElementType is ElementType.String or ElementType.I4 or ElementType.U4)
        {
            throw new ArgumentException($"cannot batch {first.ElementType.Name()} tensors of rank {first.Rank}", nameof(parts));
        }

        if (parts.Count == 1)
        {
            return first;
        }

        long rows = 0;
        var total = 0;
        foreach (var p in parts)
        {
            if (p.ElementType != first.ElementType || p.Rank != first.Rank || !p.Dims.AsSpan()[1..].SequenceEqual(first.Dims.AsSpan()[1..]))
            {
                throw new ArgumentException($"cannot batch a {Describe(p)} tensor with a {Describe(first)} one", nameof(parts));
            }

            rows += p.Dims[0];
            total = checked(total + p.Data.Length);
        }

        var bytes = new byte[total];
        var offset = 0;
        foreach (var p in parts)
        {
            p.Data.Span.CopyTo(bytes.AsSpan(offset));
            offset += p.Data.Length;
        }

        var dims = first.Dims.ToArray();
        dims[0] = rows;
        return TensorData.FromBytes(first.ElementType, dims, bytes);
    }

    internal static string Describe(TensorData t) => $"{string.Join("x", t.Dims)}x{t.ElementType.Name()}";

    private static IEnumerable<Batch> Iterate(IDatasetSource source, int batchSize, long? limit)
    {
        var pending = new List<Sample>(batchSize);
        foreach (var sample in source.ReadSamples(limit))
        {
            pending.Add(sample);
            if (pending.Count == batchSize)
            {
                yield return Stack(source, pending);
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            yield return Stack(source, pending);
        }
    }

    private static Batch Stack(IDatasetSource source, List<Sample> samples)
    {
        var inputCount = samples[0].Inputs.Count;
        var inputs = new TensorData[inputCount];
        for (var i = 0; i < inputCount; i++)
        {
            var parts = new TensorData[samples.Count];
            for (var s = 0; s < samples.Count; s++)
            {
                if (samples[s].Inputs.Count != inputCount)
                {
                    throw new DatasetFormatException(source.Description,
                        $"sample {samples[s].Index} has {samples[s].Inputs.Count} inputs but sample {samples[0].Index} has {inputCount}");
                }

                parts[s] = samples[s].Inputs[i];
            }

            try
            {
                inputs[i] = ConcatenateAxis0(parts);
            }
            catch (ArgumentException e)
            {
                throw new DatasetFormatException(source.Description,
                    $"input {i} of samples {samples[0].Index}..{samples[^1].Index} cannot form one batch: {e.Message.Split(" (Parameter")[0]}");
            }
        }

        long[]? labels = null;
        if (samples.TrueForAll(s => s.Label is not null))
        {
            labels = samples.ConvertAll(s => s.Label!.Value).ToArray();
        }

        return new Batch(samples[0].Index, samples.Count, inputs, labels);
    }
}
