namespace Qc.Compression;

/// <summary>Settings of <see cref="Gptq"/>.</summary>
/// <param name="Damping">Added to the Hessian diagonal as a fraction of its mean (GPTQ's percdamp; default 0.01).</param>
/// <param name="BlockSize">Columns per lazy batch update (default 128). With per-group scales computed on the fly it is
/// rounded to a multiple of the group size so a group never straddles two batches.</param>
/// <param name="ActOrder">Quantize columns in order of decreasing Hessian diagonal (act-order). With groups, the group
/// scales are then fixed up front from the original weights (static groups), so groups stay contiguous in storage.</param>
public sealed record GptqOptions(double Damping = 0.01, int BlockSize = 128, bool ActOrder = false)
{
    /// <summary>The defaults (1% damping, block 128, natural order).</summary>
    public static GptqOptions Default { get; } = new();
}
