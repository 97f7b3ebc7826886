using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A constant: a literal, a unit-scaled number, an op type name, or a folded constant expression.</summary>
public sealed class BoundLiteral(ExpressionSyntax syntax, ExprValue value, QuantityUnit unit = QuantityUnit.Scalar) : BoundExpression(syntax, value.Type, unit)
{
    /// <summary>The value.</summary>
    public ExprValue Value { get; } = value;
}
