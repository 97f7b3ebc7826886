using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Calibration.Observers;

/// <summary>The range an observer chose for a tensor: the values a quantizer should represent, clipping the rest.</summary>
/// <param name="Min">The lower end (≤ 0 for data with negative values; the observed minimum for non-negative data).</param>
/// <param name="Max">The upper end.</param>
public readonly record struct CalibrationRange(float Min, float Max)
{
    /// <summary>The largest magnitude, <c>max(|Min|, |Max|)</c>: the threshold of a symmetric format.</summary>
    public float AbsMax => Math.Max(Math.Abs(Min), Math.Abs(Max));

    /// <summary>Per-tensor scale and zero point of <paramref name="format"/> for this range, exactly as <see cref="Quantizer"/>
    /// computes them for a tensor whose extremes are <see cref="Min"/> and <see cref="Max"/> (symmetric: <c>s = AbsMax / qmax</c>;
    /// asymmetric: range widened to include 0; table formats: <c>s = AbsMax / max|table|</c>; scales rounded up to the stored precision).</summary>
    /// <remarks>The format's granularity is ignored: activations get one scale per tensor.</remarks>
    public QuantizationParameters ToParameters(NumberFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var perTensor = format.Granularity is PerTensor ? format : WithPerTensor(format);
        return Quantizer.ComputeParameters(TensorData.Create<float>([2], [Min, Max]), perTensor);
    }

    /// <summary>Formats as <c>[min, max]</c> with round-trip numbers.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{Min:R}, {Max:R}]");

    internal static NumberFormat WithPerTensor(NumberFormat format) => format switch
    {
        IntegerFormat f => f with { Granularity = PerTensor.Instance },
        TableFormat t => t with { Granularity = PerTensor.Instance },
        _ => throw new System.Diagnostics.UnreachableException(format.GetType().Name),
    };
}
