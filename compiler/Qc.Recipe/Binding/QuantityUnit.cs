namespace Qc.Recipe.Binding;

/// <summary>What a number measures, for unit checks.</summary>
public enum QuantityUnit
{
    /// <summary>A plain number (literals, ratios): combines with anything.</summary>
    Scalar,

    /// <summary>A count (params, macs, bops, 10k).</summary>
    Count,

    /// <summary>Bytes (size, fp32.size, 4MiB).</summary>
    Bytes,

    /// <summary>Seconds of estimated latency (latency, fp32.latency, 2ms).</summary>
    Seconds,
}
