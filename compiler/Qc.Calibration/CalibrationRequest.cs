using Qc.Core.Data;

namespace Qc.Calibration;

/// <summary>What to calibrate: a model, its data, the tensors to observe and the options.</summary>
/// <remarks>The model comes from <see cref="ModelBytes"/> when given, else from the file <see cref="ModelPath"/>; the data from
/// <see cref="Data"/> when given, else from <see cref="DataPath"/> through <see cref="Datasets.Open"/>.</remarks>
public sealed record CalibrationRequest
{
    /// <summary>The model file (read when <see cref="ModelBytes"/> is empty; always used in messages).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The serialized ONNX model, or empty to read <see cref="ModelPath"/>.</summary>
    public ReadOnlyMemory<byte> ModelBytes { get; init; }

    /// <summary>An open dataset; when null, <see cref="DataPath"/> is opened.</summary>
    public IDatasetSource? Data { get; init; }

    /// <summary>The dataset path (a <c>.npy</c>/<c>.npz</c> file, a folder of <c>test_data_set_*</c>, or IDX files).</summary>
    public string? DataPath { get; init; }

    /// <summary>The tensors to observe; null for <see cref="ActivationSelector.WeightInputs(Qc.Ir.Graph.GraphModule)"/> of the model
    /// (the float inputs of every Conv, ConvTranspose, Gemm and MatMul).</summary>
    public IReadOnlyList<ObservedTensor>? Tensors { get; init; }

    /// <summary>The options.</summary>
    public CalibrationOptions Options { get; init; } = new();

    /// <summary>Sinks that receive raw batches during the pass (GPTQ).</summary>
    public IReadOnlyList<IActivationSink> Sinks { get; init; } = [];
}
