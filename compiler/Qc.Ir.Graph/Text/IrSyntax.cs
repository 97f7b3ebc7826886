using System.Globalization;
using System.Text;
using Qc.Core.Tensors;
using Qc.Core.Text;

namespace Qc.Ir.Graph;

/// <summary>Shared lexical rules of graph IR text: identifiers, quoting, number formatting.</summary>
internal static class IrSyntax
{
    /// <summary>True for characters allowed in an unquoted value or constant name.</summary>
    public static bool IsNameChar(char c) => IrText.IsNameChar(c);

    /// <summary>A name, quoted when it has other characters.</summary>
    public static string Name(string name) => IrText.Name(name);

    /// <summary>A string literal with escapes.</summary>
    public static string Quote(string s) => IrText.Quote(s);

    /// <summary>A float in shortest round-trip form, always with a '.' or exponent so it lexes as a float.</summary>
    public static string Float(double value, bool single) => IrText.Float(value, single);

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
