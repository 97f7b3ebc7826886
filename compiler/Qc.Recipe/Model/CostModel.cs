namespace Qc.Recipe.Model;

/// <summary>A deliberately simple per-target latency estimate for one layer: the time to read its stored weights at the
/// target's memory bandwidth plus the time for its MACs at the target's float32 MAC rate, scaled by how many lanes narrower
/// operands fit (32 / max(8, weight bits, activation bits)). It ignores caches, fusion and launch overhead; it ranks
/// candidates, it does not predict wall time (specs/compile.md, "Cost model").</summary>
/// <remarks>It lives in Qc.Recipe because both users need the same figures: the binder gives <c>fp32.latency</c> of the
/// recipe's target from the model facts, and the driver prices every layer and candidate with it for <c>latency</c>
/// budgets, gates and plan.json.</remarks>
/// <param name="Family">The target family the figures are for.</param>
/// <param name="BytesPerSecond">Sustained memory bandwidth.</param>
/// <param name="Fp32MacsPerSecond">Sustained float32 multiply-accumulates per second.</param>
public sealed record CostModel(string Family, double BytesPerSecond, double Fp32MacsPerSecond)
{
    /// <summary>The model for a target triple (x86-64 when none is given).</summary>
    public static CostModel For(string? triple) => triple switch
    {
        not null when triple.StartsWith("aarch64", StringComparison.Ordinal) => new("aarch64", 10e9, 40e9),
        not null when triple.StartsWith("nvptx", StringComparison.Ordinal) => new("nvptx", 1000e9, 20e12),
        _ => new("x86_64", 20e9, 100e9),
    };

    /// <summary>Estimated seconds for a layer.</summary>
    /// <param name="storedBytes">Bytes of the layer's stored weights (with metadata and bias).</param>
    /// <param name="macs">Multiply-accumulates per run.</param>
    /// <param name="weightBits">Bits of a weight code (32 for float32, 16 for casts).</param>
    /// <param name="activationBits">Bits of the input activation (32 for float32).</param>
    public double Seconds(double storedBytes, double macs, int weightBits, int activationBits) =>
        (storedBytes / BytesPerSecond) + (macs / (Fp32MacsPerSecond * 32.0 / Math.Max(8, Math.Max(weightBits, activationBits))));

    /// <summary>The estimate of a whole model at float32 (<c>fp32.latency</c>): every weight-bearing op with its weights and
    /// bias stored in float32 and float32 activations; null when MACs are unknown (shapes not static).</summary>
    public double? Fp32Seconds(ModelFacts model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Macs is { } macs ? Seconds(model.Fp32Size, macs, 32, 32) : null;
    }
}
