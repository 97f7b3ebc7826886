using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>An expression in parentheses.</summary>
public sealed class ParenthesizedExpressionSyntax(TextSpan span, ExpressionSyntax inner) : ExpressionSyntax(span)
{
    /// <summary>The inner expression.</summary>
    public ExpressionSyntax Inner { get; } = inner;
}
