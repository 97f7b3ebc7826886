namespace Qc.Calibration.Observers;

/// <summary>The common state of the histogram-based observers (<c>percentile</c>, <c>kl</c>, <c>mse</c>): the running
/// extrema and one streaming histogram, of <c>|x|</c> or of signed <c>x</c>; each subclass only chooses the threshold.</summary>
internal abstract class HistogramObserver(ObserverSpec spec, bool magnitude) : IObserver
{
    /// <summary>The running minimum and maximum.</summary>
    protected ExtremaTracker Extrema { get; } = new();

    /// <summary>The streaming histogram.</summary>
    protected StreamingHistogram Histogram { get; } = new(spec.Bins, magnitude);

    /// <inheritdoc/>
    public ObserverSpec Spec { get; } = spec;

    /// <inheritdoc/>
    public long StateBytes => ExtremaTracker.StateBytes + Histogram.StateBytes;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values)
    {
        Extrema.Observe(values);
        Histogram.Add(values);
    }

    /// <inheritdoc/>
    public abstract ObserverResult Result();
}
