using Qc.Core.Diagnostics;

namespace Qc.Passes.Quantization;

/// <summary>Diagnostic codes of the quantization pass (block QC43xx) and the methods that word them.</summary>
/// <remarks>Codes are append-only. Messages are lowercase without a trailing period, names in single quotes.</remarks>
public static class QuantizationDiagnosticCodes
{
    /// <summary>The plan names a layer the module does not have.</summary>
    public const int UnknownLayer = 4301;

    /// <summary>The plan names an op that is not weight-bearing (no constant float32 weight in input 1).</summary>
    public const int NotWeightBearing = 4302;

    /// <summary>The weight format does not fit the weight (an axis out of range).</summary>
    public const int FormatDoesNotFit = 4303;

    /// <summary>The activation format cannot be expressed by QuantizeLinear (not a per-tensor 4- or 8-bit integer format).</summary>
    public const int UnsupportedActivationFormat = 4304;

    /// <summary>The calibrated activation range is not finite or has min above max.</summary>
    public const int BadActivationRange = 4305;

    internal static void ReportUnknownLayer(this DiagnosticBag bag, string layer) =>
        bag.Error(UnknownLayer, Location.None, $"the quantization plan names layer '{layer}', which the model does not have",
            "use the op's node name (or its first output's name) as 'qc plan' lists it");

    internal static void ReportNotWeightBearing(this DiagnosticBag bag, string layer, string opType, string why) =>
        bag.Error(NotWeightBearing, Location.None, $"layer '{layer}' ({opType}) cannot be quantized: {why}",
            "only Conv, ConvTranspose, Gemm and MatMul with a constant float32 weight carry weight formats");

    internal static void ReportFormatDoesNotFit(this DiagnosticBag bag, string layer, string format, string why) =>
        bag.Error(FormatDoesNotFit, Location.None, $"format '{format}' does not fit the weight of layer '{layer}': {why}",
            "choose an axis the weight has");

    internal static void ReportUnsupportedActivationFormat(this DiagnosticBag bag, string layer, string format) =>
        bag.Error(UnsupportedActivationFormat, Location.None, $"activation format '{format}' of layer '{layer}' cannot be expressed by QuantizeLinear",
            "use a per-tensor 8-bit (or 4-bit) integer format such as 'uint8(per_tensor)' or 'int8(per_tensor)'");

    internal static void ReportBadActivationRange(this DiagnosticBag bag, string layer, float min, float max) =>
        bag.Error(BadActivationRange, Location.None,
            FormattableString.Invariant($"the calibrated range [{min}, {max}] of layer '{layer}' is not a finite range with min <= max"),
            "calibrate again; a range must come from finite activations");
}
