using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Qc.Formats;

namespace Qc.Calibration.Observers;

/// <summary>Which range estimator: the recipe's <c>calibration.activations</c> (<c>minmax | percentile(p) | kl(bins) | mse(grid)</c>).</summary>
public enum ObserverKind
{
    /// <summary>The observed minimum and maximum.</summary>
    MinMax,

    /// <summary>Clip at a percentile of <c>|x|</c>.</summary>
    Percentile,

    /// <summary>TensorRT entropy calibration: the threshold minimizing KL(P‖Q).</summary>
    Kl,

    /// <summary>The clipping threshold minimizing the expected quantization MSE for the target format.</summary>
    Mse,
}

/// <summary>An observer's kind and settings; immutable, with a canonical text form (<see cref="ToString"/>) that goes into the cache key.</summary>
/// <remarks>
/// Text: <c>minmax</c>, <c>percentile(99.99)</c>, <c>kl(bins=2048)</c>, <c>mse(grid=100)</c>; <c>kl</c> and <c>mse</c> also take
/// <c>format=...</c>, the activation format the range is for (default <see cref="DefaultFormat"/>, <c>int8(per_tensor)</c>),
/// and <c>percentile</c>/<c>mse</c> take <c>bins=</c> for their histogram (default 2048). Defaults are not printed.
/// </remarks>
public sealed record ObserverSpec
{
    /// <summary>The default histogram size (TensorRT's 2048).</summary>
    public const int DefaultBins = 2048;

    /// <summary>The default percentile.</summary>
    public const double DefaultPercentile = 99.99;

    /// <summary>The default number of candidate thresholds of the MSE search.</summary>
    public const int DefaultGrid = 100;

    private ObserverSpec(ObserverKind kind, double percentile, int bins, int grid, NumberFormat? format)
    {
        Kind = kind;
        Percentile = percentile;
        Bins = bins;
        Grid = grid;
        Format = format ?? DefaultFormat;
    }

    /// <summary>The default target format of <c>kl</c> and <c>mse</c>: signed symmetric 8-bit, one scale per tensor.</summary>
    public static NumberFormat DefaultFormat { get; } = NumberFormat.Parse("int8(per_tensor)");

    /// <summary>The observed minimum and maximum.</summary>
    public static ObserverSpec MinMax { get; } = new(ObserverKind.MinMax, DefaultPercentile, DefaultBins, DefaultGrid, null);

    /// <summary>The kind.</summary>
    public ObserverKind Kind { get; }

    /// <summary>The percentile in (0, 100] (percentile only).</summary>
    public double Percentile { get; }

    /// <summary>Histogram bins (percentile, kl, mse).</summary>
    public int Bins { get; }

    /// <summary>Candidate thresholds (mse only).</summary>
    public int Grid { get; }

    /// <summary>The activation format the range is chosen for (kl: its number of levels; mse: its exact quantizer).</summary>
    public NumberFormat Format { get; }

    /// <summary>Clip at the <paramref name="percentile"/>-th percentile of <c>|x|</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The percentile is not in (0, 100], or bins &lt; 16.</exception>
    public static ObserverSpec ForPercentile(double percentile = DefaultPercentile, int bins = DefaultBins)
    {
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "the percentile must be in (0, 100]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 16);
        return new(ObserverKind.Percentile, percentile, bins, DefaultGrid, null);
    }

    /// <summary>TensorRT entropy calibration over <paramref name="bins"/> bins of <c>|x|</c> for <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer bins than the format has levels, or more than 65536.</exception>
    public static ObserverSpec ForKl(int bins = DefaultBins, NumberFormat? format = null)
    {
        var spec = new ObserverSpec(ObserverKind.Kl, DefaultPercentile, bins, DefaultGrid, format);
        if (bins < spec.Levels || bins > 1 << 16)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"kl needs between {spec.Levels} (the format's levels) and 65536 bins");
        }

        return spec;
    }

    /// <summary>The MSE-optimal clip among <paramref name="grid"/> thresholds, for <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">grid &lt; 2 or &gt; 10000, or bins &lt; 16.</exception>
    public static ObserverSpec ForMse(int grid = DefaultGrid, NumberFormat? format = null, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grid, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grid, 10000);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 16);
        return new(ObserverKind.Mse, DefaultPercentile, bins, grid, format);
    }

    /// <summary>Quantization levels on one side of zero that KL compares against: <c>2^(b−1)</c> for signed formats
    /// (TensorRT's 128 for int8), <c>2^b</c> for unsigned ones, half the codes for table formats.</summary>
    public int Levels => Format switch
    {
        IntegerFormat { Signed: true } f => 1 << (f.Bits - 1),
        IntegerFormat f => 1 << f.Bits,
        _ => 1 << (Format.CodeBits - 1),
    };

    /// <summary>Creates a fresh observer of this kind.</summary>
    public IObserver Create() => Kind switch
    {
        ObserverKind.MinMax => new MinMaxObserver(this),
        ObserverKind.Percentile => new PercentileObserver(this),
        ObserverKind.Kl => new KlObserver(this),
        ObserverKind.Mse => new MseObserver(this),
        _ => throw new System.Diagnostics.UnreachableException(Kind.ToString()),
    };

    /// <summary>The canonical text (defaults omitted), such as <c>percentile(99.9)</c> or <c>mse(grid=50, format=uint8(per_tensor))</c>.</summary>
    public override string ToString()
    {
        var args = new List<string>();
        switch (Kind)
        {
            case ObserverKind.MinMax:
                return "minmax";
            case ObserverKind.Percentile:
                args.Add(Percentile.ToString("R", CultureInfo.InvariantCulture));
                AddBins(args);
                break;
            case ObserverKind.Kl:
                args.Add("bins=" + Bins.ToString(CultureInfo.InvariantCulture));
                AddFormat(args);
                break;
            case ObserverKind.Mse:
                args.Add("grid=" + Grid.ToString(CultureInfo.InvariantCulture));
                AddBins(args);
                AddFormat(args);
                break;
            default:
                throw new System.Diagnostics.UnreachableException(Kind.ToString());
        }

        return new StringBuilder(Name(Kind)).Append('(').AppendJoin(", ", args).Append(')').ToString();
    }

    /// <summary>Parses the canonical text (and the recipe forms <c>kl</c>, <c>kl(2048)</c>, <c>mse(100)</c>, <c>percentile</c>).</summary>
    /// <exception cref="FormatException">The text is not an observer.</exception>
    public static ObserverSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new FormatException(error);

    /// <summary>Parses observer text; on failure returns false and a one-line message.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ObserverSpec? spec, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        spec = null;
        text = text.Trim();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? text : text[..open]).Trim();
        var args = new List<string>();
        if (open >= 0)
        {
            if (!text.EndsWith(')'))
            {
                error = $"'{text}': missing ')'";
                return false;
            }

            args = SplitTopLevel(text[(open + 1)..^1]);
        }

        double? percentile = null;
        int? bins = null, grid = null;
        NumberFormat? format = null;
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? "" : arg[..eq].Trim();
            var value = eq < 0 ? arg : arg[(eq + 1)..].Trim();
            if (key == "format")
            {
                if (!NumberFormat.TryParse(value, out format, out var formatError))
                {
                    error = $"'{text}': {formatError}";
                    return false;
                }

                continue;
            }

            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}': '{value}' is not a number";
                return false;
            }

            switch (name, key)
            {
                case ("percentile", "" or "p"):
                    percentile = number;
                    break;
                case ("kl", "" or "bins") or ("percentile" or "mse", "bins"):
                    bins = (int)number;
                    break;
                case ("mse", "" or "grid"):
                    grid = (int)number;
                    break;
                default:
                    error = $"'{text}': unexpected argument '{arg}'";
                    return false;
            }
        }

        try
        {
            spec = name switch
            {
                "minmax" when args.Count == 0 => MinMax,
                "percentile" => ForPercentile(percentile ?? DefaultPercentile, bins ?? DefaultBins),
                "kl" => ForKl(bins ?? DefaultBins, format),
                "mse" => ForMse(grid ?? DefaultGrid, format, bins ?? DefaultBins),
                _ => null,
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            error = $"'{text}': {e.Message.Split(" (Parameter")[0]}";
            return false;
        }

        error = spec is null ? $"unknown observer '{text}'; use minmax, percentile(p), kl(bins) or mse(grid)" : null;
        return spec is not null;
    }

    /// <summary>The recipe name of a kind.</summary>
    public static string Name(ObserverKind kind) => kind switch
    {
        ObserverKind.MinMax => "minmax",
        ObserverKind.Percentile => "percentile",
        ObserverKind.Kl => "kl",
        ObserverKind.Mse => "mse",
        _ => throw new System.Diagnostics.UnreachableException(kind.ToString()),
    };

    private void AddBins(List<string> args)
    {
        if (Bins != DefaultBins)
        {
            args.Add("bins=" + Bins.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void AddFormat(List<string> args)
    {
        if (Format != DefaultFormat)
        {
            args.Add("format=" + Format.ToText());
        }
    }

    private static List<string> SplitTopLevel(string s)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(s[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        if (s[start..].Trim() is { Length: > 0 } last)
        {
            parts.Add(last);
        }

        return parts;
    }
}
