using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>A list in brackets: <c>[Conv, Gemm]</c>.</summary>
public sealed class ListExpressionSyntax(TextSpan span, System.Collections.Immutable.ImmutableArray<ExpressionSyntax> items) : ExpressionSyntax(span)
{
    /// <summary>The items.</summary>
    public System.Collections.Immutable.ImmutableArray<ExpressionSyntax> Items { get; } = items;
}
