namespace Qc.Formats;

/// <summary>How a format's scales are stored; scales are rounded up to this precision before use.</summary>
public enum ScalePrecision
{
    /// <summary>No scale is stored (the scale is 1); table formats with per-tensor granularity only.</summary>
    None,

    /// <summary>IEEE binary32, 32 bits per scale.</summary>
    F32,

    /// <summary>IEEE binary16, 16 bits per scale.</summary>
    F16,

    /// <summary>Power of two stored as an OCP E8M0 exponent byte (2^(e − 127)), 8 bits per scale.</summary>
    E8M0,
}
