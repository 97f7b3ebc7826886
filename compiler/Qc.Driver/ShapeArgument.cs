using System.Globalization;
using Qc.Ir.Graph;

namespace Qc.Driver;

/// <summary>Parses command-line tensor bindings: <c>x=1x3x640x640</c> (input shapes) and <c>x=file.npy</c> (input files).</summary>
public static class ShapeArgument
{
    /// <summary>Parses <c>NAME=D1xD2x...</c> (dims may also be separated by commas; <c>?</c> or a name keeps a dim symbolic).</summary>
    public static bool TryParseShape(string text, out string name, out Dim[] dims, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = string.Empty;
        dims = [];
        var eq = text.LastIndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
        {
            error = $"'{text}' is not NAME=SHAPE, for example x=1x3x224x224";
            return false;
        }

        name = text[..eq];
        var parts = text[(eq + 1)..].Split(['x', ','], StringSplitOptions.TrimEntries);
        var list = new List<Dim>();
        foreach (var p in parts)
        {
            if (long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                list.Add(Dim.Of(v));
            }
            else if (p == "?")
            {
                list.Add(Dim.Unknown);
            }
            else if (p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                list.Add(Dim.Sym(p));
            }
            else
            {
                error = $"'{p}' in '{text}' is not a dimension (use numbers separated by 'x', such as 1x3x224x224)";
                return false;
            }
        }

        dims = [.. list];
        error = string.Empty;
        return true;
    }

    /// <summary>Splits <c>NAME=FILE</c>; a bare FILE gives a null name (bound to model inputs in order).</summary>
    public static (string? Name, string File) ParseBinding(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? (text[..eq], text[(eq + 1)..]) : (null, text);
    }
}
