using Qc.Compression;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Driver.Compile;

/// <summary>A layer's weight after its codec: the codes (when a number format stores them), the decoded view matrix and the
/// decoded weight in the stored layout (what the fake-quant simulation reads).</summary>
/// <param name="Encoded">Codes of the view <c>[rows, cols]</c>, or null for float32 and casts.</param>
/// <param name="Transposed">The view is the transpose of a <c>[K, N]</c> weight (MatMul, Gemm without transB).</param>
/// <param name="Matrix">The decoded view matrix.</param>
/// <param name="Weight">The decoded weight in the stored layout.</param>
internal sealed record CompressedWeight(QuantizedTensor? Encoded, bool Transposed, float[] Matrix, TensorData Weight);

/// <summary>Applies a <see cref="LayerCodec"/> to a layer's weight without touching the graph: sparsity on the view
/// (N:M runs along the reduced dimension), then GPTQ (when asked, dense weights, a Hessian present) or round to nearest
/// through Qc.Formats, or a cast.</summary>
internal static class WeightCompressor
{
    /// <summary>The compressed weight; null with QC42xx when the format does not fit the layer.</summary>
    public static CompressedWeight? Compress(WeightLayer layer, LayerCodec codec, HessianAccumulator? hessian, DiagnosticBag bag)
    {
        var matrix = layer.ToMatrix();
        if (codec.Sparsity is { } s)
        {
            if (s.IsNM)
            {
                if (layer.Cols % s.M != 0)
                {
                    bag.Error(CompileCodes.UnsupportedCodec, Qc.Core.Diagnostics.Location.None,
                        $"cannot apply {s.N}:{s.M} sparsity to '{layer.Name}': its reduced dimension {layer.Cols} does not divide by {s.M}");
                    return null;
                }

                WeightPruning.PruneNM(matrix, s.N, s.M);
            }
            else
            {
                WeightPruning.PruneSmallest(matrix, s.Fraction);
            }
        }

        if (codec.Format is { } format)
        {
            if (codec.Gptq && codec.Sparsity is null && hessian is { Count: > 0 })
            {
                return Gptq.Quantize(layer, hessian, format, bag) is { } g ? new CompressedWeight(g.Encoded, layer.Transposed, g.Matrix, g.Weight) : null;
            }

            if (!LayerQuantizer.TryViewFormat(layer, format, bag, out var view))
            {
                return null;
            }

            var encoded = Quantizer.Encode(TensorData.Create<float>([layer.Rows, layer.Cols], matrix), view);
            var decoded = Quantizer.DecodeToArray(encoded);
            return new CompressedWeight(encoded, layer.Transposed, decoded, layer.FromMatrix(decoded));
        }

        if (codec.Cast != WeightCast.None)
        {
            for (var i = 0; i < matrix.Length; i++)
            {
                matrix[i] = codec.Cast == WeightCast.Fp16 ? (float)(Half)matrix[i] : ToBf16(matrix[i]);
            }
        }

        return new CompressedWeight(null, layer.Transposed, matrix, layer.FromMatrix(matrix));
    }

    /// <summary>Rounds a float to bfloat16 (nearest, ties to even) and back.</summary>
    internal static float ToBf16(float x)
    {
        if (float.IsNaN(x))
        {
            return x;
        }

        var bits = BitConverter.SingleToUInt32Bits(x);
        var rounded = bits + 0x7FFFu + ((bits >> 16) & 1u);
        return BitConverter.UInt32BitsToSingle(rounded & 0xFFFF0000u);
    }
}
