using System.Text;

namespace Qc.Formats;

/// <summary>A table (non-uniform) format: <c>x̂ = s·table[code]</c> with an absmax scale <c>s = max|x| / max|table|</c>.</summary>
public sealed record TableFormat : NumberFormat
{
    /// <summary>Creates a table format; prefer <see cref="FormatRegistry.TryCreate"/>, which validates.</summary>
    public TableFormat(TableKind kind, Granularity granularity, ScalePrecision scale)
        : base(granularity, scale)
    {
        Kind = kind;
    }

    /// <summary>Which table.</summary>
    public TableKind Kind { get; init; }

    /// <inheritdoc/>
    public override string Name => NameOf(Kind);

    /// <inheritdoc/>
    public override int CodeBits => Kind is TableKind.Fp8E4M3 or TableKind.Fp8E5M2 ? 8 : 4;

    /// <summary>The default granularity of a table kind: per-tensor for fp8, groups of 32 for fp4, 64 for nf4.</summary>
    public static Granularity DefaultGranularity(TableKind kind) => kind switch
    {
        TableKind.Fp8E4M3 or TableKind.Fp8E5M2 => PerTensor.Instance,
        TableKind.Fp4E2M1 => new Grouped(32),
        TableKind.Nf4 => new Grouped(64),
        _ => throw new System.Diagnostics.UnreachableException(kind.ToString()),
    };

    /// <summary>The default scale precision of a table kind: e8m0 for fp4 (MXFP4), f32 otherwise.</summary>
    public static ScalePrecision DefaultScale(TableKind kind) => kind == TableKind.Fp4E2M1 ? ScalePrecision.E8M0 : ScalePrecision.F32;

    /// <summary>The recipe name of a table kind.</summary>
    public static string NameOf(TableKind kind) => kind switch
    {
        TableKind.Fp8E4M3 => "fp8_e4m3",
        TableKind.Fp8E5M2 => "fp8_e5m2",
        TableKind.Fp4E2M1 => "fp4_e2m1",
        TableKind.Nf4 => "nf4",
        _ => throw new System.Diagnostics.UnreachableException(kind.ToString()),
    };

    /// <inheritdoc/>
    public override string ToText()
    {
        var args = new List<string>(2);
        if (Granularity is not PerTensor)
        {
            args.Add(Granularity.ToText());
        }

        if (Scale != DefaultScale(Kind))
        {
            args.Add("scale=" + FormatRegistry.ScaleText(Scale));
        }

        var sb = new StringBuilder(Name);
        if (args.Count > 0)
        {
            sb.Append('(').AppendJoin(", ", args).Append(')');
        }

        return sb.ToString();
    }
}
