namespace Qc.Formats;

/// <summary>One scale per <paramref name="Size"/> consecutive elements along <paramref name="Axis"/> (ONNX blocked quantization).</summary>
/// <param name="Size">The group size g (positive). When g does not divide the axis length the last group is ragged (shorter).</param>
/// <param name="Axis">The reduction axis the groups run along; negative values count from the end. Default 1 (ONNX's default axis; the input-channel axis of OIHW and [out, in] weights).</param>
public sealed record Grouped(int Size, int Axis = Grouped.DefaultAxis) : Granularity
{
    /// <summary>The default group axis.</summary>
    public const int DefaultAxis = 1;

    /// <inheritdoc/>
    public override string ToText() => Axis == DefaultAxis
        ? FormattableString.Invariant($"group={Size}")
        : FormattableString.Invariant($"group={Size}, axis={Axis}");
}
