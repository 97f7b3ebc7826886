using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>The wording of every diagnostic the package commands report, and the mapping of package and runtime
/// exceptions (QC70xx, QC72xx) to diagnostics.</summary>
internal static class PackageDiagnostics
{
    /// <summary>The element type and shape as <c>f32[1,3,48,192]</c>.</summary>
    public static string TypeText(QcDType dtype, IEnumerable<long> shape) => TypeText(QcDTypes.Name(dtype), shape);

    /// <summary>An element type name and a shape as <c>f32[1,3,48,192]</c>.</summary>
    public static string TypeText(string dtype, IEnumerable<long> shape) =>
        dtype + "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>An input or output as <c>'x' f32[1,3,48,192]</c>.</summary>
    public static string Describe(ManifestTensor t) => $"'{t.Name}' {TypeText(t.DType, t.Shape)}";

    public static void Package(DiagnosticBag bag, string path, PackageException e) =>
        bag.Error((int)e.Code, new FileLocation(path), e.Detail, e.Code switch
        {
            PackageErrorCode.Io => "check the path and the file's permissions",
            PackageErrorCode.BadMagic => "this is not a .qcpkg file; packages are written by 'qc compile'",
            PackageErrorCode.UnsupportedVersion => "the package was written by a newer qc; use that version or recompile",
            PackageErrorCode.ManifestInvalid or PackageErrorCode.ProvenanceInvalid => "the package was written by a broken or incompatible qc; recompile it",
            _ => "the file is damaged (truncated or modified); copy it again or recompile it with 'qc compile'",
        });

    public static void Runtime(DiagnosticBag bag, string path, QcRuntimeException e) =>
        bag.Error((int)e.Code, new FileLocation(path), e.Detail, e.Code switch
        {
            QcRuntimeErrorCode.NoTarget => "name one of the package's targets with --target, or compile the model for this host",
            QcRuntimeErrorCode.TargetNotRunnable => "run the package on a host with those features, or compile it for this one",
            QcRuntimeErrorCode.CudaUnavailable => "CUDA targets need the NVIDIA driver (libcuda.so.1, or QC_CUDA_LIB) and a GPU",
            QcRuntimeErrorCode.CodeCache => "set XDG_CACHE_HOME to a writable folder",
            _ => null,
        });

    public static void BadArgument(DiagnosticBag bag, string message, string? hint = null) =>
        bag.Error(DriverCodes.BadArgument, Location.None, message, hint);

    public static void InputFileUnreadable(DiagnosticBag bag, string file, string input, string reason) =>
        bag.Error(DriverCodes.BadInputFile, new FileLocation(file), $"cannot read input '{input}': {reason}",
            "inputs are .npy files (C order) or ONNX TensorProto .pb files");

    /// <summary>An input or output binding names no tensor of the package (<paramref name="role"/>: input or output).</summary>
    public static void UnknownTensor(DiagnosticBag bag, string role, string name, IReadOnlyList<ManifestTensor> tensors) =>
        bag.Error(role == "input" ? PackageCodes.UnknownInput : PackageCodes.OutputBinding, Location.None, $"the package has no {role} '{name}'",
            $"its {role}s are " + List(tensors));

    public static void TooManyFiles(DiagnosticBag bag, string role, string file, int tensors) =>
        bag.Error(BindingCode(role), new FileLocation(file), $"the package has {Count(tensors, role)}, more files were given",
            $"give {(role == "input" ? "one" : "at most one")} --{role} per {role}; bind files by name with --{role} NAME=FILE");

    public static void GivenTwice(DiagnosticBag bag, string role, string name) =>
        bag.Error(BindingCode(role), Location.None, $"{role} '{name}' is given twice", $"give each {role} once");

    public static void MissingInputs(DiagnosticBag bag, IEnumerable<ManifestTensor> missing) =>
        bag.Error(PackageCodes.InputCount, Location.None, "missing input " + List(missing),
            "give one --input per input, or --random-inputs for a smoke run");

    public static void InputShape(DiagnosticBag bag, string file, ManifestTensor spec, string got) =>
        bag.Error(PackageCodes.InputShape, new FileLocation(file), $"input '{spec.Name}' expects {TypeText(spec.DType, spec.Shape)}, got {got}",
            "packages have static shapes: give a tensor of exactly that shape, or recompile for this one");

    public static void InputDType(DiagnosticBag bag, string file, ManifestTensor spec, string got) =>
        bag.Error(PackageCodes.InputDType, new FileLocation(file), $"input '{spec.Name}' expects {TypeText(spec.DType, spec.Shape)}, got {got}",
            $"convert the tensor to {QcDTypes.Name(spec.DType)} (numpy: x.astype(...))");

    public static void CannotWriteOutput(DiagnosticBag bag, string path, string reason) =>
        bag.Error(DriverCodes.CannotWriteOutput, new FileLocation(path), "cannot write output: " + reason);

    public static void ReferenceMismatch(DiagnosticBag bag, string model, string message) =>
        bag.Error(PackageCodes.ReferenceMismatch, new FileLocation(model), message,
            "verify a package against the ONNX model it was compiled from (same input and output names, types and shapes)");

    /// <summary>QC7307. <paramref name="randomReferenceMaxAbs"/>: the largest reference magnitude when the inputs were
    /// random; below <see cref="NearZero"/> the hint says the output carries no signal on them.</summary>
    public static void BelowThreshold(DiagnosticBag bag, string package, string output, string sqnr, double threshold, double? randomReferenceMaxAbs = null) =>
        bag.Error(PackageCodes.BelowThreshold, new FileLocation(package),
            $"output '{output}' differs from ONNX Runtime: SQNR {sqnr} dB is below the threshold of {threshold.ToString("0.##", CultureInfo.InvariantCulture)} dB",
            randomReferenceMaxAbs is { } m && m < NearZero
                ? $"on these random inputs ONNX Runtime's '{output}' is small everywhere (largest |value| {m.ToString("G3", CultureInfo.InvariantCulture)}), so SQNR mostly measures rounding differences; verify with representative inputs (--input NAME=FILE.npy)"
                : "compare the outputs with 'qc run' and 'qc run-onnx'; for quantized packages pass the recipe's target with --tolerance-sqnr");

    /// <summary>A reference output whose largest magnitude is below this on random inputs probably carries little signal
    /// there (a saturated sigmoid, a masked path); the verdict is unchanged, only the hint differs.</summary>
    public const double NearZero = 1e-2;

    public static void OrtUnavailable(DiagnosticBag bag, string reason) =>
        bag.Error(DriverCodes.OrtUnavailable, Location.None, "ONNX Runtime is not available: " + reason,
            "run scripts/setup.sh, or point QC_ORT_LIB at a libonnxruntime.so built for ONNX Runtime 1.30");

    public static void ModelNotFound(DiagnosticBag bag, string model) =>
        bag.Error(3001, new FileLocation(model), $"model file '{model}' not found");

    public static void OrtRejected(DiagnosticBag bag, string model, string reason) =>
        bag.Error(DriverCodes.OrtModelRejected, new FileLocation(model), "ONNX Runtime cannot load the model: " + reason,
            "check the model with 'qc import'");

    public static void OrtFailed(DiagnosticBag bag, string model, string reason) =>
        bag.Error(DriverCodes.OrtRunFailed, new FileLocation(model), "ONNX Runtime failed: " + reason);

    private static int BindingCode(string role) => role == "input" ? PackageCodes.InputCount : PackageCodes.OutputBinding;

    private static string List(IEnumerable<ManifestTensor> tensors) => string.Join(", ", tensors.Select(Describe));

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
