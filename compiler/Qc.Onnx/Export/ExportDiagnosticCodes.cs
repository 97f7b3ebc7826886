using Qc.Core.Diagnostics;

namespace Qc.Onnx.Export;

/// <summary>Diagnostic codes of the ONNX exporter (block QC35xx) and the methods that word them.</summary>
/// <remarks>Codes are append-only. Messages are lowercase without a trailing period, names in single quotes.</remarks>
public static class ExportDiagnosticCodes
{
    /// <summary>A constant's data is elided (the IR was parsed from text without its contents), so it cannot be written.</summary>
    public const int ElidedConstant = 3501;

    /// <summary>Warning: an opaque op of the ai.onnx domain is written at opset 22, whose version of the op may mean something else.</summary>
    public const int OpaqueOnnxOp = 3502;

    /// <summary>Warning: a main-graph input has no known type, so ONNX Runtime cannot run the written model.</summary>
    public const int UntypedInput = 3503;

    /// <summary>Writing the model file failed (I/O).</summary>
    public const int WriteFailed = 3504;

    /// <summary>An unexpected exception inside the exporter (a bug).</summary>
    public const int InternalError = 9001;

    internal static void ReportElidedConstant(this DiagnosticBag bag, string constant) =>
        bag.Error(ElidedConstant, Location.None, $"constant '@{constant}' has no data (it was parsed from IR text without its contents)",
            "print the IR with --print-constants, or export the module that was imported from ONNX");

    internal static void ReportOpaqueOnnxOp(this DiagnosticBag bag, string opType, string? node) =>
        bag.Warning(OpaqueOnnxOp, Location.None,
            $"opaque ai.onnx op '{opType}'{(node is null ? string.Empty : $" (node '{node}')")} is written at opset 22; the version it came from may differ",
            "re-export the source model at a newer opset so qc understands the op");

    internal static void ReportUntypedInput(this DiagnosticBag bag, string input) =>
        bag.Warning(UntypedInput, Location.None, $"graph input '{input}' has no known type; ONNX Runtime needs one to run the model",
            "import the model with --input-shape, or give the input a type");

    internal static void ReportWriteFailed(this DiagnosticBag bag, string path, string reason) =>
        bag.Error(WriteFailed, new FileLocation(path), $"cannot write '{path}': {reason}", "check the folder exists and is writable");

    internal static void ReportInternalError(this DiagnosticBag bag, Exception e) =>
        bag.Error(InternalError, Location.None, $"internal error while exporting the model: {e.GetType().Name}: {e.Message}",
            "this is a bug in qc; please report it with the IR (qc import --print-ir --print-constants)");
}
