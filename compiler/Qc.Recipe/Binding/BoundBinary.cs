using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>An arithmetic, comparison, membership or logical operator.</summary>
public sealed class BoundBinary(ExpressionSyntax syntax, BinaryOperator op, BoundExpression left, BoundExpression right, BoundType type, QuantityUnit unit)
    : BoundExpression(syntax, type, unit)
{
    /// <summary>The operator.</summary>
    public BinaryOperator Operator { get; } = op;

    /// <summary>The left operand.</summary>
    public BoundExpression Left { get; } = left;

    /// <summary>The right operand.</summary>
    public BoundExpression Right { get; } = right;
}
