using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Formats;

namespace Qc.Passes.Quantization;

/// <summary>The outcome of <see cref="QuantizeLayersPass"/>: one record per planned layer, plus diagnostics.</summary>
/// <param name="Layers">The records in execution order (layers with an error are left out).</param>
/// <param name="Diagnostics">Problems with the plan (QC43xx); the module is unchanged for layers with errors.</param>
public sealed record QuantizationResult(ImmutableArray<LayerQuantizationRecord> Layers, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);
}

/// <summary>What the pass did to one layer, for plan.json and reports.</summary>
/// <param name="Layer">The layer name (the op's node name, else its first result's name).</param>
/// <param name="OpType">Conv, ConvTranspose, Gemm or MatMul.</param>
/// <param name="Weight">The weight constant's name in the input module.</param>
/// <param name="Format">The weight format as applied (group axis resolved), or null when the weight stays float32.</param>
/// <param name="Realization">How the format is expressed.</param>
/// <param name="StorageType">The element type of the stored weight constant in the graph: <c>i8</c>, <c>u8</c>, <c>i4</c>, <c>u4</c>,
/// <c>f8e4m3fn</c>, <c>f8e5m2</c>, or <c>f32</c> (fake-quant and float weights).</param>
/// <param name="StoredBytes">Bytes of the weight in the format (codes, scales, zero points: <c>BitCost.SerializedBytes</c>), or
/// the float32 size when unquantized.</param>
/// <param name="Float32Bytes">Bytes of the float32 weight.</param>
/// <param name="Parameters">Scales and zero points as stored, or null when the weight stays float32.</param>
/// <param name="DequantizedValue">The graph value of the weight the op now reads (the DequantizeLinear result, or the
/// fake-quant constant), or null when unchanged.</param>
/// <param name="Activation">The activation quantization applied to the data input, or null.</param>
public sealed record LayerQuantizationRecord(
    string Layer,
    string OpType,
    string Weight,
    NumberFormat? Format,
    WeightRealization Realization,
    string StorageType,
    long StoredBytes,
    long Float32Bytes,
    QuantizationParameters? Parameters,
    string? DequantizedValue,
    ActivationRecord? Activation);

/// <summary>The QuantizeLinear → DequantizeLinear inserted on a layer's data input.</summary>
/// <param name="Input">The quantized value (the layer's input 0).</param>
/// <param name="Format">The activation format.</param>
/// <param name="Scale">The scale (rounded to the format's scale precision).</param>
/// <param name="ZeroPoint">The zero point (0 for symmetric formats).</param>
/// <param name="DequantizedValue">The DequantizeLinear result the layer now reads.</param>
public sealed record ActivationRecord(string Input, IntegerFormat Format, float Scale, int ZeroPoint, string DequantizedValue);
