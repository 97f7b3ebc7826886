namespace Qc.Formats;

/// <summary>One scale per index along <paramref name="Axis"/> (ONNX per-axis quantization).</summary>
/// <param name="Axis">The channel axis; negative values count from the end (−1 is the last axis).</param>
public sealed record PerChannel(int Axis) : Granularity
{
    /// <inheritdoc/>
    public override string ToText() => FormattableString.Invariant($"axis={Axis}");
}
