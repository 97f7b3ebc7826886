namespace Qc.Calibration;

/// <summary>How far a calibration run is, reported after every batch (the CLI draws a bar with an ETA from it).</summary>
/// <param name="SamplesDone">Samples run so far.</param>
/// <param name="SamplesTotal">Samples the run will take, when known.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record CalibrationProgress(long SamplesDone, long? SamplesTotal, TimeSpan Elapsed)
{
    /// <summary>The fraction done in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => SamplesTotal is > 0 ? Math.Min(1, (double)SamplesDone / SamplesTotal.Value) : null;

    /// <summary>The estimated time left (linear in samples), or null before the first sample or when the total is unknown.</summary>
    public TimeSpan? Remaining => SamplesTotal is { } total && SamplesDone > 0
        ? TimeSpan.FromTicks((long)(Elapsed.Ticks * (double)Math.Max(0, total - SamplesDone) / SamplesDone))
        : null;
}
