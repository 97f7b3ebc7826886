using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>An op fact (<c>op</c>, <c>params</c>, <c>is_first</c>, ...).</summary>
public sealed class BoundFact(ExpressionSyntax syntax, Fact fact) : BoundExpression(syntax, Facts.TypeOf(fact), Facts.UnitOf(fact))
{
    /// <summary>Which fact.</summary>
    public Fact Fact { get; } = fact;
}
