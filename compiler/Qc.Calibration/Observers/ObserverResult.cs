namespace Qc.Calibration.Observers;

/// <summary>The outcome of one observer on one tensor.</summary>
/// <param name="Spec">The observer.</param>
/// <param name="Range">The chosen range.</param>
/// <param name="Histogram">The histogram behind the choice (null for <c>minmax</c>, and when no finite value was seen).</param>
public sealed record ObserverResult(ObserverSpec Spec, CalibrationRange Range, HistogramSummary? Histogram);
