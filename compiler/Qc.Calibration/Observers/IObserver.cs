namespace Qc.Calibration.Observers;

/// <summary>Watches the values of one tensor, batch after batch, and chooses its quantization range at the end.</summary>
/// <remarks>Observers keep O(bins) state whatever the number of values (<see cref="StateBytes"/>); they ignore non-finite
/// values (the session counts them). Create them with <see cref="ObserverSpec.Create"/>.</remarks>
public interface IObserver
{
    /// <summary>What this observer is.</summary>
    ObserverSpec Spec { get; }

    /// <summary>The bytes of state held, independent of how many values were observed.</summary>
    long StateBytes { get; }

    /// <summary>Takes the next values (any order; non-finite values are ignored).</summary>
    void Observe(ReadOnlySpan<float> values);

    /// <summary>The range chosen from everything observed; <c>[0, 0]</c> when no finite value was seen.</summary>
    ObserverResult Result();
}
