using System.Collections.Immutable;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A list of expressions.</summary>
public sealed class BoundList(ExpressionSyntax syntax, BoundType type, ImmutableArray<BoundExpression> items) : BoundExpression(syntax, type)
{
    /// <summary>The items.</summary>
    public ImmutableArray<BoundExpression> Items { get; } = items;
}
