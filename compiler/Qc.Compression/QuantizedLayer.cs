using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Compression;

/// <summary>A layer's weight quantized into a format: the stored form and its decoded (fake-quant) values.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="ViewFormat">The format as applied to the view [rows, cols] (per-channel on axis 0, groups on axis 1).</param>
/// <param name="Encoded">Codes, scales and zero points of the view matrix [rows, cols] (row-major over the view).</param>
/// <param name="Matrix">The decoded values as the view matrix [rows, cols].</param>
/// <param name="Weight">The decoded values in the stored weight layout (ready for <see cref="WeightLayer.ReplaceWeight"/>).</param>
public sealed record QuantizedLayer(WeightLayer Layer, NumberFormat ViewFormat, QuantizedTensor Encoded, float[] Matrix, TensorData Weight)
{
    /// <summary>Σ (ŵ − w)² over the weight.</summary>
    public double WeightError()
    {
        var original = Layer.ToMatrix();
        var sum = 0.0;
        for (var i = 0; i < original.Length; i++)
        {
            var d = (double)Matrix[i] - original[i];
            sum += d * d;
        }

        return sum;
    }
}
