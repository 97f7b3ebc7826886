namespace Qc.Formats;

/// <summary>A weight number format: code width, code meaning, scale granularity and metadata precision.</summary>
/// <remarks>Create instances through <see cref="FormatRegistry"/> (or <see cref="Parse"/>) so that they are validated.
/// <see cref="ToString"/> gives the canonical text, which <see cref="Parse"/> reads back to an equal format.</remarks>
public abstract record NumberFormat
{
    private protected NumberFormat(Granularity granularity, ScalePrecision scale)
    {
        ArgumentNullException.ThrowIfNull(granularity);
        Granularity = granularity;
        Scale = scale;
    }

    /// <summary>The format name as written in recipes, e.g. <c>int4</c>, <c>fp8_e4m3</c>, <c>nf4</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Bits per stored code.</summary>
    public abstract int CodeBits { get; }

    /// <summary>Which elements share a scale.</summary>
    public Granularity Granularity { get; init; }

    /// <summary>How scales are stored.</summary>
    public ScalePrecision Scale { get; init; }

    /// <summary>Bits per stored zero point (0 when the format has none).</summary>
    public virtual int ZeroPointBits => 0;

    /// <summary>Bits per stored scale.</summary>
    public int ScaleBits => Scale switch
    {
        ScalePrecision.None => 0,
        ScalePrecision.F32 => 32,
        ScalePrecision.F16 => 16,
        ScalePrecision.E8M0 => 8,
        _ => throw new System.Diagnostics.UnreachableException(Scale.ToString()),
    };

    /// <summary>The canonical recipe text, e.g. <c>int4(group=32, scale=f16)</c>.</summary>
    public abstract string ToText();

    /// <summary>Returns <see cref="ToText"/>.</summary>
    public sealed override string ToString() => ToText();

    /// <summary>Parses recipe text such as <c>int8(axis=0, symmetric)</c>; throws <see cref="FormatException"/> with the error.</summary>
    public static NumberFormat Parse(string text) =>
        FormatText.TryParse(text, out var format, out var error) ? format : throw new FormatException(error);

    /// <summary>Parses recipe text; on failure returns false and a one-line error message.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NumberFormat? format, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) =>
        FormatText.TryParse(text, out format, out error);
}
