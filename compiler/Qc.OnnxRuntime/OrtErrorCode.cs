namespace Qc.OnnxRuntime;

/// <summary>ONNX Runtime's <c>OrtErrorCode</c>; the binding's own checks use <see cref="InvalidArgument"/>, <see cref="NotImplemented"/> and <see cref="Fail"/>.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
}
