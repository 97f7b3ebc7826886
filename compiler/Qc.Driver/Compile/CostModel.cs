namespace Qc.Driver.Compile;

/// <summary>A deliberately simple per-target latency estimate for one layer: the time to read its stored weights at the
/// target's memory bandwidth plus the time for its MACs at the target's float32 MAC rate, scaled by how many lanes narrower
/// operands fit (32 / max(8, weight bits, activation bits)). It ignores caches, fusion and launch overhead; it ranks
/// candidates, it does not predict wall time (specs/compile.md, "Cost model").</summary>
/// <param name="Family">The target family the figures are for.</param>
/// <param name="BytesPerSecond">Sustained memory bandwidth.</param>
/// <param name="Fp32MacsPerSecond">Sustained float32 multiply-accumulates per second.</param>
internal sealed record CostModel(string Family, double BytesPerSecond, double Fp32MacsPerSecond)
{
    /// <summary>The model for a target triple (x86-64 when none is given).</summary>
    public static CostModel For(string? triple) => triple switch
    {
        not null when triple.StartsWith("aarch64", StringComparison.Ordinal) => new("aarch64", 10e9, 40e9),
        not null when triple.StartsWith("nvptx", StringComparison.Ordinal) => new("nvptx", 1000e9, 20e12),
        _ => new("x86_64", 20e9, 100e9),
    };

    /// <summary>Estimated seconds for a layer.</summary>
    public double Seconds(long storedBytes, double macs, int weightBits, int activationBits) =>
        (storedBytes / BytesPerSecond) + (macs / (Fp32MacsPerSecond * 32.0 / Math.Max(8, Math.Max(weightBits, activationBits))));
}
