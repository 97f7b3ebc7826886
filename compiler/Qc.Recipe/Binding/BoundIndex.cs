using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary><c>list[index]</c> (negative indexes count from the end).</summary>
public sealed class BoundIndex(ExpressionSyntax syntax, BoundExpression target, BoundExpression index, BoundType type) : BoundExpression(syntax, type)
{
    /// <summary>The list.</summary>
    public BoundExpression Target { get; } = target;

    /// <summary>The index.</summary>
    public BoundExpression Index { get; } = index;
}
