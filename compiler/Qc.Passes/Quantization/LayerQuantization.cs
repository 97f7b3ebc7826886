using Qc.Formats;

namespace Qc.Passes.Quantization;

/// <summary>What the quantization pass does to one weight-bearing op (Conv, ConvTranspose, Gemm, MatMul with a constant weight).</summary>
/// <param name="Weights">The weight format, or null to keep the weight in float32.</param>
/// <param name="Activation">Quantization of the op's data input (input 0), or null to keep it in float32.</param>
/// <param name="ExplicitGroupAxis">For a grouped weight format: false (the default) runs the groups along the layer's reduced
/// axis whatever the format's axis says (Conv: 1, the input channels; ConvTranspose: 0; Gemm: 1 with transB, else 0; MatMul:
/// the second-to-last axis), as the recipe's <c>group=g</c> without <c>axis</c> means; true uses the format's axis as written.
/// Per-channel axes are always used as written.</param>
/// <param name="Encoded">Codes computed elsewhere (GPTQ, a clipping search) to store instead of round-to-nearest; when set,
/// <paramref name="Weights"/> and <paramref name="ExplicitGroupAxis"/> are ignored and the encoding's format is used as is.</param>
public sealed record LayerQuantization(NumberFormat? Weights, ActivationQuantization? Activation = null, bool ExplicitGroupAxis = false,
    PrecomputedWeight? Encoded = null);

/// <summary>A weight already encoded by another method, possibly as a matrix view of the stored weight.</summary>
/// <param name="Encoded">The encoding. Its shape is the weight's, or (not transposed) any shape with the same elements in
/// the same row-major order, such as a Conv weight's <c>[M, C/g·kh·kw]</c> matrix: the pass then dequantizes that shape and
/// reshapes, so groups along the matrix's columns stay exact.</param>
/// <param name="Transposed">The encoding is the <c>[N, K]</c> transpose of a 2-D <c>[K, N]</c> weight (MatMul, Gemm without
/// transB); the pass dequantizes and transposes.</param>
public sealed record PrecomputedWeight(QuantizedTensor Encoded, bool Transposed = false);

/// <summary>Quantize → dequantize of a layer's data input with parameters from a calibrated range.</summary>
/// <param name="Format">A per-tensor integer format with 4 or 8 bits (ONNX QuantizeLinear's types): <c>uint8(per_tensor)</c>
/// (asymmetric) or <c>int8(per_tensor)</c> (symmetric), also their 4-bit forms.</param>
/// <param name="Min">The calibrated minimum of the input (the range is widened to include 0).</param>
/// <param name="Max">The calibrated maximum of the input.</param>
public sealed record ActivationQuantization(IntegerFormat Format, float Min, float Max);
