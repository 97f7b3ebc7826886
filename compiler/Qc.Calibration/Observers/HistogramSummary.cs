namespace Qc.Calibration.Observers;

/// <summary>What an observer's histogram looked like and what its choice clips: small enough to keep in the cache and in plan.json.</summary>
/// <param name="Bins">The number of bins.</param>
/// <param name="Magnitude">True for a histogram of <c>|x|</c>, false for a signed one.</param>
/// <param name="Low">The lower edge of the first bin.</param>
/// <param name="High">The upper edge of the last bin.</param>
/// <param name="Count">The values counted.</param>
/// <param name="Threshold">The clipping threshold chosen on <c>|x|</c> (the percentile, the KL or MSE optimum).</param>
/// <param name="ClippedFraction">The fraction of counted values beyond the threshold (estimated from the histogram).</param>
public sealed record HistogramSummary(int Bins, bool Magnitude, double Low, double High, long Count, double Threshold, double ClippedFraction);
