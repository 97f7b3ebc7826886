using Qc.Core.Tensors;

namespace Qc.Core.Data;

/// <summary>One example of a dataset: a tensor per model input, and a class label when the dataset has labels.</summary>
/// <remarks>Every tensor keeps a leading batch axis (of 1 for the array formats, as stored for ONNX <c>test_data_set</c> folders),
/// so a sample can be fed to a model as is and <see cref="DatasetExtensions.Batches"/> concatenates samples along axis 0.</remarks>
/// <param name="Index">The position of the sample in its source (0-based).</param>
/// <param name="Inputs">One tensor per input, in the order of <see cref="IDatasetSource.InputNames"/>.</param>
/// <param name="Label">The class label, or null when the source has none.</param>
public sealed record Sample(long Index, IReadOnlyList<TensorData> Inputs, long? Label = null);

/// <summary>Consecutive samples concatenated along axis 0.</summary>
/// <param name="Start">The index of the first sample in its source.</param>
/// <param name="Count">The number of samples.</param>
/// <param name="Inputs">One tensor per input, each with the samples stacked along axis 0.</param>
/// <param name="Labels">One label per sample, or null when the source has no labels.</param>
public sealed record Batch(long Start, int Count, IReadOnlyList<TensorData> Inputs, IReadOnlyList<long>? Labels);
