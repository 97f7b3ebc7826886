using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary><c>target[index]</c>, as in <c>shape[0]</c>.</summary>
public sealed class IndexExpressionSyntax(TextSpan span, ExpressionSyntax target, ExpressionSyntax index) : ExpressionSyntax(span)
{
    /// <summary>The indexed expression.</summary>
    public ExpressionSyntax Target { get; } = target;

    /// <summary>The index.</summary>
    public ExpressionSyntax Index { get; } = index;
}
