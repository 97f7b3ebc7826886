using System.Globalization;
using System.Text;

namespace Qc.Core.Text;

/// <summary>The lexical rules both IR text forms (graph IR and kernel IR) share: names, quoted strings, float literals.</summary>
public static class IrText
{
    /// <summary>True for characters allowed in an unquoted name.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$';

    /// <summary>A name, quoted when it has other characters.</summary>
    public static string Name(string name) => name.Length > 0 && name.All(IsNameChar) ? name : Quote(name);

    /// <summary>A string literal with escapes (<c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\t</c>, <c>\uXXXX</c> for other controls).</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>A float in shortest round-trip form (of <see cref="float"/> when <paramref name="single"/>), always with a
    /// '.' or an exponent so it lexes as a float; <c>nan</c>, <c>inf</c>, <c>-inf</c>.</summary>
    public static string Float(double value, bool single)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var s = single ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }
}
