namespace Qc.Driver;

/// <summary>Diagnostic codes the driver reports itself (see specs/diagnostics.md).</summary>
public static class DriverCodes
{
    /// <summary>A command-line value is malformed (input shape, input binding).</summary>
    public const int BadArgument = 1001;

    /// <summary>ONNX Runtime could not be loaded.</summary>
    public const int OrtUnavailable = 7101;

    /// <summary>ONNX Runtime rejected the model.</summary>
    public const int OrtModelRejected = 7102;

    /// <summary>ONNX Runtime failed while running the model.</summary>
    public const int OrtRunFailed = 7103;

    /// <summary>An input tensor file cannot be read.</summary>
    public const int BadInputFile = 7104;

    /// <summary>The given inputs do not match the model's inputs.</summary>
    public const int InputMismatch = 7105;

    /// <summary>A tensor requested for capture does not exist in the model.</summary>
    public const int UnknownCapture = 7106;

    /// <summary>An output file cannot be written.</summary>
    public const int CannotWriteOutput = 7107;

    /// <summary>An unexpected exception: a bug in qc.</summary>
    public const int InternalError = 9001;
}
