using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A quantity decided later (allocate's <c>size</c>, <c>bops</c>, <c>latency</c>, <c>sensitivity</c>; evaluate's metrics).</summary>
public sealed class BoundQuantity(ExpressionSyntax syntax, string name, QuantityUnit unit) : BoundExpression(syntax, BoundType.Number, unit)
{
    /// <summary>The quantity's name.</summary>
    public string Name { get; } = name;
}
