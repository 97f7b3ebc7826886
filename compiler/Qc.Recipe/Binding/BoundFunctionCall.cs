using System.Collections.Immutable;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A built-in function: <c>len</c>, <c>min</c>, <c>max</c>.</summary>
public sealed class BoundFunctionCall(ExpressionSyntax syntax, string name, ImmutableArray<BoundExpression> arguments, BoundType type, QuantityUnit unit)
    : BoundExpression(syntax, type, unit)
{
    /// <summary>The function.</summary>
    public string Name { get; } = name;

    /// <summary>The arguments.</summary>
    public ImmutableArray<BoundExpression> Arguments { get; } = arguments;
}
