using System.Collections.Immutable;
using Qc.Calibration.Observers;

namespace Qc.Calibration;

/// <summary>Everything calibration learned about one tensor.</summary>
/// <param name="Name">The ONNX value name.</param>
/// <param name="SampleDims">The dims of one batch after axis 0 (from the first batch).</param>
/// <param name="Count">The finite values observed.</param>
/// <param name="NonFinite">The NaN and infinite values seen (ignored by the observers).</param>
/// <param name="Observed">The observed minimum and maximum of the finite values.</param>
/// <param name="Observers">One result per requested observer, in the order requested.</param>
/// <param name="Moments">Per-channel E[x] and E[x²].</param>
public sealed record TensorStatistics(string Name, ImmutableArray<long> SampleDims, long Count, long NonFinite, CalibrationRange Observed,
    ImmutableArray<ObserverResult> Observers, ChannelMoments Moments)
{
    /// <summary>The range chosen by the first observer (the recipe's <c>calibration.activations</c>).</summary>
    public CalibrationRange Range => Observers.IsDefaultOrEmpty ? Observed : Observers[0].Range;

    /// <summary>The result of a given observer, or null when it was not requested.</summary>
    public ObserverResult? Find(ObserverSpec spec) => Observers.FirstOrDefault(o => o.Spec == spec);

    /// <inheritdoc/>
    public bool Equals(TensorStatistics? other) =>
        other is not null && Name == other.Name && SampleDims.AsSpan().SequenceEqual(other.SampleDims.AsSpan()) && Count == other.Count
        && NonFinite == other.NonFinite && Observed == other.Observed && Observers.AsSpan().SequenceEqual(other.Observers.AsSpan())
        && Moments == other.Moments;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Count, Observed);
}
