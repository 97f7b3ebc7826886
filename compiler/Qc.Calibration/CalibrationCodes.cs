namespace Qc.Calibration;

/// <summary>The diagnostic codes of calibration (QC41xx; specs/diagnostics.md, "Calibration").</summary>
public static class CalibrationCodes
{
    /// <summary>The calibration data is missing, unreadable or malformed.</summary>
    public const int DataUnreadable = 4101;

    /// <summary>The data's tensors do not match the model's inputs (count, name, element type or shape).</summary>
    public const int DataMismatch = 4102;

    /// <summary>A tensor to observe (or to stream to a sink) is not a value of the model's main graph.</summary>
    public const int TensorNotFound = 4103;

    /// <summary>A tensor to observe is not float32.</summary>
    public const int TensorNotFloat = 4104;

    /// <summary>No samples to calibrate on (an empty dataset, or nothing selected).</summary>
    public const int NoSamples = 4105;

    /// <summary>Warning: a tensor had NaN or infinite values, which the observers ignored.</summary>
    public const int NonFiniteActivations = 4106;

    /// <summary>Warning: a cache file is unreadable or corrupt; the statistics were recomputed.</summary>
    public const int CacheCorrupt = 4107;

    /// <summary>ONNX Runtime is unavailable, or cannot load or run the model.</summary>
    public const int OrtFailed = 4108;

    /// <summary>Warning: the cache file could not be written (the statistics are still returned).</summary>
    public const int CacheUnwritable = 4109;

    /// <summary>An observed tensor changed its channel count between batches, so per-channel moments cannot be accumulated.</summary>
    public const int InconsistentShape = 4110;
}
