using System.Globalization;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Tests.Syntax;

/// <summary>Prints expression syntax fully parenthesized, so tests can state precedence and grouping.</summary>
internal static class SyntaxPrinter
{
    public static string Print(ExpressionSyntax node) => node switch
    {
        NumberExpressionSyntax n => n.Value.ToString("R", CultureInfo.InvariantCulture) + n.Unit,
        StringExpressionSyntax s => "\"" + s.Value + "\"",
        BooleanExpressionSyntax b => b.Value ? "true" : "false",
        NameExpressionSyntax n => n.Name,
        MemberExpressionSyntax m => Print(m.Target) + "." + m.Member,
        IndexExpressionSyntax i => Print(i.Target) + "[" + Print(i.Index) + "]",
        CallExpressionSyntax c => c.Name + "(" + string.Join(", ", c.Arguments.Select(a => (a.Name is null ? "" : a.Name + "=") + Print(a.Value))) + ")",
        PatternExpressionSyntax p => Print(p.N) + ":" + Print(p.M),
        ListExpressionSyntax l => "[" + string.Join(", ", l.Items.Select(Print)) + "]",
        ParenthesizedExpressionSyntax p => Print(p.Inner),
        UnaryExpressionSyntax u => "(" + Operators.Text(u.Operator) + (u.Operator == UnaryOperator.Not ? " " : "") + Print(u.Operand) + ")",
        BinaryExpressionSyntax b => "(" + Print(b.Left) + " " + Operators.Text(b.Operator) + " " + Print(b.Right) + ")",
        _ => throw new InvalidOperationException(node.GetType().Name),
    };
}
