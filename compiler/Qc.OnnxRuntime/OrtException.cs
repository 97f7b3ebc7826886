namespace Qc.OnnxRuntime;

/// <summary>An ONNX Runtime call failed, the library is unavailable, or the binding rejected an argument before calling it.</summary>
/// <remarks>The message is ONNX Runtime's own text (or the binding's, for checks made before the call). The CLI turns it into a diagnostic.</remarks>
public sealed class OrtException : Exception
{
    /// <summary>Creates an exception with an error code and message.</summary>
    public OrtException(OrtErrorCode errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>ONNX Runtime's error code (or the binding's equivalent).</summary>
    public OrtErrorCode ErrorCode { get; }
}
