using Qc.Core.Data;
using Qc.Core.Tensors;
using Qc.OnnxRuntime;

namespace Qc.Driver.Compile;

/// <summary>One ONNX Runtime session over a serialized model, fed with dataset samples: inputs matched by name when the data
/// names them, by position otherwise; a sample whose element count matches a static input shape is reshaped to it.</summary>
internal sealed class ModelRunner : IDisposable
{
    private readonly OrtSession _session;

    private ModelRunner(OrtSession session)
    {
        _session = session;
        var first = session.Inputs.Count > 0 ? session.Inputs[0].Dims : [];
        BatchSize = first.Length > 0 && first[0] > 0 ? (int)Math.Min(first[0], 256) : 32;
    }

    /// <summary>Samples per run: the model's static batch dimension, else 32.</summary>
    public int BatchSize { get; }

    /// <summary>Opens a session with one intra-op thread. QuantizeLinear/DequantizeLinear pairs are kept as written
    /// (<see cref="OrtSessionOptions.KeepQdq"/>): ONNX Runtime then computes qc's fake-quant simulation, which is what qc's
    /// compiled packages compute, while its other fusions stay on. Without it ORT's QDQ transforms swap in integer kernels
    /// whose rounding differs (logits moved by up to 0.1) and some of them reject valid int8 graphs.</summary>
    /// <exception cref="OrtException">ONNX Runtime rejects the model.</exception>
    public static ModelRunner Open(ReadOnlyMemory<byte> model, OrtOptimizationLevel level = OrtOptimizationLevel.All) =>
        new(OrtSession.Open(model, new OrtSessionOptions(IntraOpThreads: 1, Level: level, KeepQdq: true)));

    /// <summary>Runs consecutive samples (at most <see cref="BatchSize"/>) and returns every output, flattened, in output order.</summary>
    /// <exception cref="OrtException">ONNX Runtime fails.</exception>
    /// <exception cref="InvalidDataException">The samples do not fit the model's inputs.</exception>
    public float[][] Run(IReadOnlyList<Sample> samples)
    {
        var stacked = CompileData.Stack(samples);
        var names = _session.Inputs;
        if (stacked.Length != names.Count)
        {
            throw new InvalidDataException($"the data has {stacked.Length} input tensor(s) per sample, the model {names.Count}");
        }

        var feed = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            feed[names[i].Name] = Fit(stacked[i], names[i], samples.Count);
        }

        var outputs = _session.Run(feed);
        return [.. _session.Outputs.Select(o => outputs[o.Name].ElementType == ElementType.F32 ? outputs[o.Name].ToArray<float>() : [.. outputs[o.Name].ToDoubleArray().Select(v => (float)v)])];
    }

    /// <summary>Runs every sample in batches, calling <paramref name="onBatch"/> with the samples and the outputs.</summary>
    public void RunAll(IEnumerable<Sample> samples, Action<IReadOnlyList<Sample>, float[][]> onBatch)
    {
        var batch = new List<Sample>(BatchSize);
        foreach (var s in samples)
        {
            batch.Add(s);
            if (batch.Count == BatchSize)
            {
                onBatch(batch, Run(batch));
                batch = new List<Sample>(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            onBatch(batch, Run(batch));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();

    private static TensorData Fit(TensorData value, OrtValueInfo target, int count)
    {
        if (value.ElementType != target.ElementType)
        {
            throw new InvalidDataException($"input '{target.Name}' is {target.ElementType.Name()}, the data {value.ElementType.Name()}");
        }

        var dims = target.Dims.ToArray();
        if (dims.Length == 0 || dims.Skip(1).Any(d => d <= 0))
        {
            return value;
        }

        dims[0] = count;
        if (TensorData.ElementCountOf(dims) != value.ElementCount)
        {
            throw new InvalidDataException(
                $"input '{target.Name}' takes [{string.Join(", ", target.Dims)}] per run, the data has [{string.Join(", ", value.Dims)}] for {count} sample(s)");
        }

        return value.Dims.AsSpan().SequenceEqual(dims) ? value : TensorData.FromBytes(value.ElementType, dims, value.Data);
    }
}
