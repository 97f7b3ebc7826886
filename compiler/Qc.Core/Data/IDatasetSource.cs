namespace Qc.Core.Data;

/// <summary>A source of samples for calibration and evaluation, read lazily: enumerating <see cref="ReadSamples"/> streams the
/// file(s) from the start and holds only the current sample, so memory stays bounded whatever the dataset's size.</summary>
/// <remarks>
/// <para>Implementations here: <see cref="IdxDataset"/> (MNIST/Fashion-MNIST IDX, gzip or raw), <see cref="NpyDataset"/> (<c>.npy</c>),
/// <see cref="NpzDataset"/> (<c>.npz</c>, stored or deflated members) and <see cref="OnnxTestDataSource"/> (ONNX <c>test_data_set_*</c>
/// folders). Qc.Core cannot read ONNX protobuf, so <see cref="OnnxTestDataSource"/> takes the <c>input_N.pb</c> reader as a delegate
/// (the driver passes <c>Qc.Onnx.OnnxTensors.ReadFile</c>); other formats plug in by implementing this interface.</para>
/// <para>Malformed files raise <see cref="DatasetFormatException"/>: at construction for what the headers show (wrong magic,
/// inconsistent counts, a raw file too short) and during enumeration for what only streaming shows (compressed data ending early).</para>
/// </remarks>
public interface IDatasetSource
{
    /// <summary>What the data is, for messages (for example the file path).</summary>
    string Description { get; }

    /// <summary>One entry per input tensor of a sample: the model input's name when the source knows it, null when inputs are positional.</summary>
    IReadOnlyList<string?> InputNames { get; }

    /// <summary>The number of samples when known without reading the data.</summary>
    long? Count { get; }

    /// <summary>True when every sample has a <see cref="Sample.Label"/>.</summary>
    bool HasLabels { get; }

    /// <summary>Streams the samples from the start; each enumeration reopens the files.</summary>
    /// <exception cref="DatasetFormatException">The data is truncated or corrupt.</exception>
    IEnumerable<Sample> ReadSamples();
}
