using System.Globalization;

namespace Qc.Recipe.Text;

/// <summary>Invariant-culture formatting of numbers, shapes and sizes for canonical text, plans and messages.</summary>
internal static class Format
{
    /// <summary>Integers without a decimal point, other numbers in shortest round-trip form.</summary>
    public static string Number(double value)
    {
        if (double.IsFinite(value) && Math.Abs(value) < 1e15 && value == Math.Floor(value))
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>An integer with invariant digits.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A shape as <c>8x3x3x3</c>.</summary>
    public static string Shape(IReadOnlyList<long> dims) => dims.Count == 0 ? "scalar" : string.Join("x", dims.Select(Int));

    /// <summary>A byte count with a binary unit (<c>812 B</c>, <c>1.6 KiB</c>, <c>4.47 MiB</c>).</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var u = 0;
        while (Math.Abs(bytes) >= 1024 && u < units.Length - 1)
        {
            bytes /= 1024;
            u++;
        }

        return u == 0 ? Number(Math.Round(bytes)) + " B" : bytes.ToString("0.##", CultureInfo.InvariantCulture) + " " + units[u];
    }

    /// <summary>A count with a decimal suffix (<c>216</c>, <c>12.3k</c>, <c>2.30G</c>).</summary>
    public static string Count(double value)
    {
        string[] units = ["", "k", "M", "G", "T"];
        var u = 0;
        while (Math.Abs(value) >= 1000 && u < units.Length - 1)
        {
            value /= 1000;
            u++;
        }

        return u == 0 ? Number(value) : value.ToString("0.##", CultureInfo.InvariantCulture) + units[u];
    }

    /// <summary>A time with a unit (<c>1.5 s</c>, <c>12.34 ms</c>, <c>812.5 us</c>, <c>0.25 us</c>).</summary>
    public static string Seconds(double seconds)
    {
        var (value, unit) = Math.Abs(seconds) >= 1 ? (seconds, "s") : Math.Abs(seconds) >= 1e-3 ? (seconds * 1e3, "ms") : (seconds * 1e6, "us");
        return value.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit;
    }

    /// <summary>A string in double quotes with <c>\\</c>, <c>\"</c>, <c>\n</c>, <c>\t</c>, <c>\r</c> escaped (expression syntax).</summary>
    public static string Quote(string value)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
