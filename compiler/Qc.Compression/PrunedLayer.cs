using Qc.Core.Tensors;

namespace Qc.Compression;

/// <summary>A layer's weight after pruning.</summary>
/// <param name="Layer">The layer (with its original weight).</param>
/// <param name="Matrix">The pruned weight as the view matrix [rows, cols].</param>
/// <param name="Weight">The pruned weight in the stored layout (for <see cref="WeightLayer.ReplaceWeight"/>).</param>
/// <param name="Zeroed">How many weights this pruning set to zero (already-zero weights it selected included).</param>
public sealed record PrunedLayer(WeightLayer Layer, float[] Matrix, TensorData Weight, long Zeroed);
