using System.Collections.Immutable;

namespace Qc.Formats;

/// <summary>Scales and zero points of a quantized tensor, as stored (already rounded to the format's scale precision).</summary>
/// <remarks>Equality compares the elements (not the array references).</remarks>
/// <param name="Dims">Shape of the scale tensor (empty for per-tensor; ONNX per-axis/blocked layout otherwise).</param>
/// <param name="Scales">One scale per group, row-major over <paramref name="Dims"/>.</param>
/// <param name="ZeroPoints">One zero point per group (integer codes), or empty for symmetric and table formats.</param>
public sealed record QuantizationParameters(ImmutableArray<long> Dims, ImmutableArray<float> Scales, ImmutableArray<int> ZeroPoints)
{
    /// <inheritdoc/>
    public bool Equals(QuantizationParameters? other) =>
        other is not null
        && Dims.AsSpan().SequenceEqual(other.Dims.AsSpan())
        && Scales.AsSpan().SequenceEqual(other.Scales.AsSpan())
        && ZeroPoints.AsSpan().SequenceEqual(other.ZeroPoints.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Dims.Length);
        foreach (var s in Scales)
        {
            h.Add(s);
        }

        foreach (var z in ZeroPoints)
        {
            h.Add(z);
        }

        return h.ToHashCode();
    }
}
