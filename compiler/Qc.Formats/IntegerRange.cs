namespace Qc.Formats;

/// <summary>Which codes a signed integer format may use.</summary>
public enum IntegerRange
{
    /// <summary>The full two's-complement range, −2^(b−1) … 2^(b−1) − 1 (what ONNX QuantizeLinear saturates to).</summary>
    Full,

    /// <summary>The symmetric range ±(2^(b−1) − 1); the most negative code is never produced.</summary>
    Restricted,
}
