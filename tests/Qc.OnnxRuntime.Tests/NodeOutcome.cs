namespace Qc.OnnxRuntime.Tests;

/// <summary>How one ONNX backend node test case went.</summary>
internal enum NodeOutcome
{
    /// <summary>Every output matched within the backend tolerance.</summary>
    Pass,

    /// <summary>The model ran but an output differed (type, dims or values).</summary>
    Fail,

    /// <summary>Loading the model or data, or running it, threw.</summary>
    Error,
}
