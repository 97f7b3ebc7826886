using Qc.Core.Diagnostics;

namespace Qc.Lowering;

/// <summary>The diagnostic codes of lowering (QC51xx, specs/diagnostics.md) and the wording of every message.</summary>
public static class LoweringDiagnostics
{
    /// <summary>An op type lowering has no kernel for.</summary>
    public const int UnsupportedOp = 5101;

    /// <summary>A supported op in a form lowering does not handle (an attribute value, a non-constant operand, a rank).</summary>
    public const int UnsupportedForm = 5102;

    /// <summary>A value whose shape is not fully static.</summary>
    public const int NonStaticShape = 5103;

    /// <summary>A value of an element type kernels do not support, or not a tensor.</summary>
    public const int UnsupportedType = 5104;

    /// <summary>A constant whose data is absent (graph IR parsed without constants).</summary>
    public const int MissingConstantData = 5105;

    /// <summary>Warning: evaluating a constant subgraph at compile time failed; the op is computed at run time.</summary>
    public const int FoldingFailed = 5106;

    /// <summary>The lowered module does not verify (a lowering bug; the message carries the verifier's).</summary>
    public const int InvalidKernelModule = 5107;

    internal static void Unsupported(DiagnosticBag bag, Location location, string opType, string node) =>
        bag.Error(UnsupportedOp, location, $"op '{opType}' (node '{node}') is not supported by lowering",
            "see specs/lowering.md for the supported ops; replace the op in the model or pin its inputs so it folds to a constant");

    internal static void Form(DiagnosticBag bag, Location location, string opType, string node, string what) =>
        bag.Error(UnsupportedForm, location, $"op '{opType}' (node '{node}'): {what}",
            "see specs/lowering.md for the forms of each op that lower");

    internal static void NotStatic(DiagnosticBag bag, Location location, string value, string type) =>
        bag.Error(NonStaticShape, location, $"value '{value}' has type {type}, but lowering needs static shapes",
            "pin the model's input shapes in the recipe, e.g. 'inputs: { x: [1, 3, 224, 224] }'");

    internal static void NotATensor(DiagnosticBag bag, Location location, string value, string type) =>
        bag.Error(UnsupportedType, location, $"value '{value}' has type {type}; kernels hold only tensors");

    internal static void ElementType(DiagnosticBag bag, Location location, string value, string type) =>
        bag.Error(UnsupportedType, location, $"value '{value}' has element type {type}, which kernels do not support",
            "kernels support f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64 and bool");

    internal static void ConstantWithoutData(DiagnosticBag bag, Location location, string constant) =>
        bag.Error(MissingConstantData, location, $"constant '@{constant}' has no data",
            "lower a module imported from ONNX, or graph IR printed with --print-constants");

    internal static void Folding(DiagnosticBag bag, Location location, string opType, string node, string why) =>
        bag.Warning(FoldingFailed, location, $"op '{opType}' (node '{node}') has only constant inputs but could not be evaluated at compile time: {why}",
            "the op is computed at run time instead");

    internal static void Invalid(DiagnosticBag bag, Diagnostic verifier) =>
        bag.Error(InvalidKernelModule, Location.None, "the lowered kernel module does not verify: " + verifier.Code + " " + verifier.Message,
            "this is a bug in qc's lowering; please report it with the model");
}
