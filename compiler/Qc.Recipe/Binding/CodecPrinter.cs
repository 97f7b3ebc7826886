using System.Diagnostics;
using System.Text;
using Qc.Recipe.Registry;
using Qc.Recipe.Text;

namespace Qc.Recipe.Binding;

/// <summary>Prints codecs canonically: arguments in parameter order, positional parameters by position, flag-like choices
/// bare (<c>per_channel</c>, <c>symmetric</c>), other arguments as <c>name=value</c>, units resolved; parentheses only where precedence needs them.</summary>
public static class CodecPrinter
{
    /// <summary>The canonical text.</summary>
    public static string Print(BoundCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var sb = new StringBuilder();
        Print(codec, sb, 0);
        return sb.ToString();
    }

    private static void Print(BoundCodec codec, StringBuilder sb, int context)
    {
        switch (codec)
        {
            case BoundCall c:
                PrintCall(c, sb);
                break;
            case BoundChain chain:
                Group(sb, context > 0, () => Join(chain.Stages, " |> ", sb, 1));
                break;
            case BoundSum sum:
                Group(sb, context > 1, () => Join(sum.Addends, " + ", sb, 2));
                break;
            case BoundErrorCodec:
                sb.Append("<error>");
                break;
            default:
                throw new UnreachableException(codec.GetType().Name);
        }
    }

    private static void Group(StringBuilder sb, bool parenthesize, Action body)
    {
        if (parenthesize)
        {
            sb.Append('(');
        }

        body();
        if (parenthesize)
        {
            sb.Append(')');
        }
    }

    private static void Join(IReadOnlyList<BoundCodec> items, string separator, StringBuilder sb, int context)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            Print(items[i], sb, context);
        }
    }

    private static void PrintCall(BoundCall c, StringBuilder sb)
    {
        if (c.WrittenAsPattern && c.Number("n") is { } n && c.Number("m") is { } m)
        {
            sb.Append(Format.Number(n)).Append(':').Append(Format.Number(m));
            return;
        }

        sb.Append(c.Function.Name);
        if (c.Arguments.Length == 0)
        {
            return;
        }

        sb.Append('(');
        var first = true;
        foreach (var a in c.Arguments)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            if (a.Parameter.Type == ParameterType.Choice)
            {
                sb.Append(a.Parameter.PrintAsFlag ? string.Empty : a.Parameter.Name + "=").Append(a.Choice);
            }
            else if (a.Parameter.PrintByPosition)
            {
                sb.Append(Format.Number(a.Number ?? 0));
            }
            else
            {
                sb.Append(a.Parameter.Name).Append('=').Append(Format.Number(a.Number ?? 0));
            }
        }

        sb.Append(')');
    }
}
