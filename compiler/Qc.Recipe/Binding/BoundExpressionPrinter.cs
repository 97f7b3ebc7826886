using System.Diagnostics;
using System.Text;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Text;

namespace Qc.Recipe.Binding;

/// <summary>Prints bound expressions canonically: single spaces around operators, units resolved to plain numbers,
/// strings in double quotes, parentheses only where precedence needs them.</summary>
public static class BoundExpressionPrinter
{
    private const int Primary = 9;

    /// <summary>The canonical text.</summary>
    public static string Print(BoundExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var sb = new StringBuilder();
        Print(expression, sb, 0);
        return sb.ToString();
    }

    private static int PrecedenceOf(BoundExpression e) => e switch
    {
        BoundBinary b => Operators.Precedence(b.Operator),
        BoundMatch => 5,
        BoundUnary { Operator: UnaryOperator.Not } => Operators.NotPrecedence,
        BoundUnary => Operators.NegatePrecedence,
        BoundLiteral { Value.Type: BoundType.Number, Value.Number: < 0 } => Operators.NegatePrecedence,
        _ => Primary,
    };

    private static void Print(BoundExpression e, StringBuilder sb, int minPrecedence)
    {
        var parenthesize = PrecedenceOf(e) < minPrecedence;
        if (parenthesize)
        {
            sb.Append('(');
        }

        switch (e)
        {
            case BoundLiteral l:
                PrintValue(l, sb);
                break;
            case BoundFact f:
                sb.Append(Facts.NameOf(f.Fact));
                break;
            case BoundAttribute a:
                sb.Append("attr.").Append(a.Name);
                break;
            case BoundTotal t:
                sb.Append("fp32.").Append(t.Name);
                break;
            case BoundQuantity q:
                sb.Append(q.Name);
                break;
            case BoundList list:
                sb.Append('[');
                for (var i = 0; i < list.Items.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Print(list.Items[i], sb, 0);
                }

                sb.Append(']');
                break;
            case BoundUnary u:
                sb.Append(u.Operator == UnaryOperator.Not ? "not " : "-");
                Print(u.Operand, sb, PrecedenceOf(u) + (u.Operator == UnaryOperator.Negate ? 1 : 0));
                break;
            case BoundBinary b:
                {
                    var p = Operators.Precedence(b.Operator);
                    var comparison = p is 4 or 5;
                    Print(b.Left, sb, comparison ? p + 1 : p);
                    sb.Append(' ').Append(Operators.Text(b.Operator)).Append(' ');
                    Print(b.Right, sb, p + 1);
                    break;
                }

            case BoundMatch m:
                Print(m.Target, sb, 6);
                sb.Append(m.Negated ? " !~ " : " ~ ").Append(Format.Quote(m.Pattern));
                break;
            case BoundIndex ix:
                Print(ix.Target, sb, Primary);
                sb.Append('[');
                Print(ix.Index, sb, 0);
                sb.Append(']');
                break;
            case BoundFunctionCall call:
                sb.Append(call.Name).Append('(');
                for (var i = 0; i < call.Arguments.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Print(call.Arguments[i], sb, 0);
                }

                sb.Append(')');
                break;
            case BoundErrorExpression:
                sb.Append("<error>");
                break;
            default:
                throw new UnreachableException(e.GetType().Name);
        }

        if (parenthesize)
        {
            sb.Append(')');
        }
    }

    private static void PrintValue(BoundLiteral l, StringBuilder sb)
    {
        var v = l.Value;
        switch (v.Type)
        {
            case BoundType.Bool:
                sb.Append(v.Bool ? "true" : "false");
                break;
            case BoundType.Number:
                sb.Append(Format.Number(v.Number));
                break;
            case BoundType.String when l.Syntax is NameExpressionSyntax:
                sb.Append(v.String);
                break;
            default:
                sb.Append(Format.Quote(v.String ?? string.Empty));
                break;
        }
    }
}
