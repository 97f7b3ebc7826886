using Qc.Core.Diagnostics;

namespace Qc.Calibration;

/// <summary>The wording of every calibration diagnostic, in one place.</summary>
internal static class CalibrationDiagnostics
{
    public static void ReportDataUnreadable(this DiagnosticBag bag, string path, string reason) =>
        bag.Error(CalibrationCodes.DataUnreadable, new FileLocation(path), $"cannot read the calibration data: {reason}",
            "point 'calibration.data' at a .npy or .npz file, a folder of ONNX test_data_set_* folders, or MNIST-style IDX files");

    public static void ReportDataMismatch(this DiagnosticBag bag, string path, string message, string expected) =>
        bag.Error(CalibrationCodes.DataMismatch, new FileLocation(path), message, "the model expects " + expected);

    public static void ReportTensorNotFound(this DiagnosticBag bag, string modelPath, string detail) =>
        bag.Error(CalibrationCodes.TensorNotFound, new FileLocation(modelPath), "cannot observe: " + detail,
            "name a tensor the model computes; 'qc import --print-ir' lists them");

    public static void ReportTensorNotFloat(this DiagnosticBag bag, string modelPath, string name, string type) =>
        bag.Error(CalibrationCodes.TensorNotFloat, new FileLocation(modelPath), $"tensor '{name}' is {type}, not float32, so it has no range to calibrate",
            "observe only float32 activations");

    public static void ReportNoSamples(this DiagnosticBag bag, string path, string why) =>
        bag.Error(CalibrationCodes.NoSamples, new FileLocation(path), "no samples to calibrate on: " + why,
            "give a dataset with at least one sample and 'calibration.samples' of at least 1");

    public static void ReportNonFinite(this DiagnosticBag bag, string modelPath, string name, long count, long total) =>
        bag.Warning(CalibrationCodes.NonFiniteActivations, new FileLocation(modelPath),
            $"tensor '{name}' had {count} NaN or infinite values out of {total}; the observers ignored them",
            "check the calibration inputs (range, normalization) and the model");

    public static void ReportCacheCorrupt(this DiagnosticBag bag, string path, string reason) =>
        bag.Warning(CalibrationCodes.CacheCorrupt, new FileLocation(path), $"the calibration cache file is unreadable ({reason}); recomputing",
            "the file is rewritten; delete the cache folder if this repeats");

    public static void ReportOrtFailed(this DiagnosticBag bag, string modelPath, string message, string? hint = null) =>
        bag.Error(CalibrationCodes.OrtFailed, new FileLocation(modelPath), message,
            hint ?? "check the model with 'qc run-onnx'; calibration runs it on ONNX Runtime");

    public static void ReportCacheUnwritable(this DiagnosticBag bag, string path, string reason) =>
        bag.Warning(CalibrationCodes.CacheUnwritable, new FileLocation(path), $"cannot write the calibration cache: {reason}",
            "set QC_CACHE_DIR to a writable folder");

    public static void ReportInconsistentShape(this DiagnosticBag bag, string modelPath, string name, string detail) =>
        bag.Error(CalibrationCodes.InconsistentShape, new FileLocation(modelPath), $"tensor '{name}' {detail} between batches",
            "per-channel statistics need the same channel count in every batch; pin the input shape or observe another tensor");
}
