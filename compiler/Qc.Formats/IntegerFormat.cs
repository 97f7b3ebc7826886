using System.Text;

namespace Qc.Formats;

/// <summary>A uniform affine integer format: <c>q = clamp(round_half_even(x / s) + z, qmin, qmax)</c>, <c>x̂ = s·(q − z)</c>.</summary>
public sealed record IntegerFormat : NumberFormat
{
    /// <summary>Creates an integer format; prefer <see cref="FormatRegistry.TryCreate"/>, which validates.</summary>
    public IntegerFormat(int bits, bool signed, bool symmetric, IntegerRange range, Granularity granularity, ScalePrecision scale, int zeroPointBits)
        : base(granularity, scale)
    {
        Bits = bits;
        Signed = signed;
        Symmetric = symmetric;
        Range = range;
        StoredZeroPointBits = symmetric ? 0 : zeroPointBits;
    }

    /// <summary>Code width: 2, 3, 4 or 8.</summary>
    public int Bits { get; init; }

    /// <summary>Whether codes are two's-complement signed.</summary>
    public bool Signed { get; init; }

    /// <summary>Symmetric (zero point 0, nothing stored) or asymmetric (a zero point per scale).</summary>
    public bool Symmetric { get; init; }

    /// <summary>Full or restricted signed range (unsigned formats are always full).</summary>
    public IntegerRange Range { get; init; }

    /// <summary>Stored bits per zero point (0 when symmetric).</summary>
    public int StoredZeroPointBits { get; init; }

    /// <inheritdoc/>
    public override string Name => (Signed ? "int" : "uint") + Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override int CodeBits => Bits;

    /// <inheritdoc/>
    public override int ZeroPointBits => StoredZeroPointBits;

    /// <summary>The smallest code.</summary>
    public int QMin => !Signed ? 0 : Range == IntegerRange.Restricted ? -((1 << (Bits - 1)) - 1) : -(1 << (Bits - 1));

    /// <summary>The largest code.</summary>
    public int QMax => Signed ? (1 << (Bits - 1)) - 1 : (1 << Bits) - 1;

    /// <inheritdoc/>
    public override string ToText()
    {
        var sb = new StringBuilder(Name).Append('(').Append(Granularity.ToText());
        if (Symmetric != Signed)
        {
            sb.Append(Symmetric ? ", symmetric" : ", asymmetric");
        }

        if (Signed && Range == IntegerRange.Restricted)
        {
            sb.Append(", range=restricted");
        }

        if (Scale != ScalePrecision.F32)
        {
            sb.Append(", scale=").Append(FormatRegistry.ScaleText(Scale));
        }

        if (!Symmetric && StoredZeroPointBits != Bits)
        {
            sb.Append(", zero_bits=").Append(StoredZeroPointBits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.Append(')').ToString();
    }
}
