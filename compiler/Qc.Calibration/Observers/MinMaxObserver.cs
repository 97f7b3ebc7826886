namespace Qc.Calibration.Observers;

/// <summary>The observed minimum and maximum of the finite values (<c>minmax</c>).</summary>
internal sealed class MinMaxObserver(ObserverSpec spec) : IObserver
{
    private readonly ExtremaTracker _extrema = new();

    /// <inheritdoc/>
    public ObserverSpec Spec { get; } = spec;

    /// <inheritdoc/>
    public long StateBytes => ExtremaTracker.StateBytes;

    /// <inheritdoc/>
    public void Observe(ReadOnlySpan<float> values) => _extrema.Observe(values);

    /// <inheritdoc/>
    public ObserverResult Result() => new(Spec, _extrema.Range, null);
}

/// <summary>Running minimum and maximum of finite values.</summary>
internal sealed class ExtremaTracker
{
    /// <summary>The bytes of state.</summary>
    public const long StateBytes = 16;

    private float _min = float.PositiveInfinity;
    private float _max = float.NegativeInfinity;

    /// <summary>True once a finite value was seen.</summary>
    public bool Any => _min <= _max;

    /// <summary>The observed range, <c>[0, 0]</c> when nothing finite was seen.</summary>
    public CalibrationRange Range => Any ? new CalibrationRange(_min, _max) : default;

    /// <summary>Takes values, ignoring non-finite ones.</summary>
    public void Observe(ReadOnlySpan<float> values)
    {
        var min = _min;
        var max = _max;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        _min = min;
        _max = max;
    }

    /// <summary>The range clipped symmetrically at <paramref name="threshold"/> and intersected with what was observed:
    /// <c>[max(min, −T), min(max, T)]</c>, so non-negative data keeps its lower end.</summary>
    public CalibrationRange Clip(double threshold) => Any
        ? new CalibrationRange((float)Math.Max(_min, -threshold), (float)Math.Min(_max, threshold))
        : default;
}
