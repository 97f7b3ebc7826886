namespace Qc.Passes.Quantization;

/// <summary>How a weight format is expressed in the graph.</summary>
public enum WeightRealization
{
    /// <summary>The weight stays float32 (no format).</summary>
    None,

    /// <summary>Exact QDQ: a <c>DequantizeLinear</c> of a constant holding the codes (int8/uint8, int4/uint4, fp8 e4m3fn/e5m2; 2- and 3-bit
    /// codes in int8/uint8 constants), with the format's scales and zero points.</summary>
    Dequantize,

    /// <summary>Fake quantization: the float32 constant is replaced by its dequantized values (nf4, fp4 and anything else
    /// ONNX Runtime cannot dequantize). Exact as a simulation; the stored bytes are those of the format.</summary>
    FakeQuant,
}
