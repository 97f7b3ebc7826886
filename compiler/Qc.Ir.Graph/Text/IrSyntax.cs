using System.Globalization;
using System.Text;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Shared lexical rules of graph IR text: identifiers, quoting, number formatting.</summary>
internal static class IrSyntax
{
    /// <summary>True for characters allowed in an unquoted value or constant name.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$';

    /// <summary>A name, quoted when it has other characters.</summary>
    public static string Name(string name) => name.Length > 0 && name.All(IsNameChar) ? name : Quote(name);

    /// <summary>A string literal with escapes.</summary>
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

    /// <summary>A float in shortest round-trip form, always with a '.' or exponent so it lexes as a float.</summary>
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

    /// <summary>An integer.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The elements of a tensor as a flat literal list: <c>[1, 2, 3]</c>.</summary>
    public static string Dense(TensorData data)
    {
        var sb = new StringBuilder("dense<[");
        var n = data.ElementCount;
        if (data.ElementType == ElementType.String)
        {
            sb.AppendJoin(", ", data.Strings.Select(Quote));
        }
        else if (data.ElementType.IsFloat())
        {
            var values = FloatElements(data);
            sb.AppendJoin(", ", values.Select(v => Float(v, data.ElementType != ElementType.F64)));
        }
        else if (data.ElementType.IsInteger() || data.ElementType == ElementType.Bool)
        {
            var values = data.ToInt64Array();
            if (data.ElementType == ElementType.U64)
            {
                sb.AppendJoin(", ", values.Select(v => ((ulong)v).ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                sb.AppendJoin(", ", values.Select(Int));
            }
        }
        else
        {
            // complex and other raw types: bytes in hex
            sb.Append("0x").Append(Convert.ToHexStringLower(data.Data.Span));
        }

        _ = n;
        return sb.Append("]>").ToString();
    }

    /// <summary>Float values of a float tensor; fp8 values are given as their raw byte codes.</summary>
    private static double[] FloatElements(TensorData data) => data.ElementType switch
    {
        ElementType.F32 or ElementType.F64 or ElementType.F16 or ElementType.BF16 => data.ToDoubleArray(),
        _ => [.. data.Data.ToArray().Select(b => (double)b)],
    };
}
