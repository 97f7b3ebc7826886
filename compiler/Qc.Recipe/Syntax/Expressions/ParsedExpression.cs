using Qc.Core.Diagnostics;
using Qc.Core.Text;
using Qc.Recipe.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>An expression's syntax tree together with its text, which maps expression spans to file locations.</summary>
public sealed class ParsedExpression
{
    internal ParsedExpression(ExpressionSyntax root, ScalarText text)
    {
        Root = root;
        Text = text;
    }

    /// <summary>The root node.</summary>
    public ExpressionSyntax Root { get; }

    /// <summary>The expression text with its offset map.</summary>
    internal ScalarText Text { get; }

    /// <summary>The location of a span of the expression.</summary>
    public Location LocationOf(TextSpan span) => Text.LocationOf(span);

    /// <summary>The location of a node.</summary>
    public Location LocationOf(ExpressionSyntax node) => Text.LocationOf(node.Span);

    /// <summary>The text of a node as written.</summary>
    public string TextOf(ExpressionSyntax node) => TextOf(node.Span);

    /// <summary>The text of a span as written.</summary>
    public string TextOf(TextSpan span)
    {
        var start = Math.Clamp(span.Start, 0, Text.Value.Length);
        var end = Math.Clamp(span.End, start, Text.Value.Length);
        return Text.Value[start..end];
    }
}
