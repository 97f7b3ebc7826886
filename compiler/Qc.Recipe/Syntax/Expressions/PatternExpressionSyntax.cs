using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>An N:M sparsity pattern such as <c>2:4</c>.</summary>
public sealed class PatternExpressionSyntax(TextSpan span, NumberExpressionSyntax n, NumberExpressionSyntax m) : ExpressionSyntax(span)
{
    /// <summary>Weights kept per group.</summary>
    public NumberExpressionSyntax N { get; } = n;

    /// <summary>Group size.</summary>
    public NumberExpressionSyntax M { get; } = m;
}
