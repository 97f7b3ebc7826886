using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary><c>-x</c> or <c>not x</c>.</summary>
public sealed class BoundUnary(ExpressionSyntax syntax, UnaryOperator op, BoundExpression operand) : BoundExpression(syntax, operand.Type, operand.Unit)
{
    /// <summary>The operator.</summary>
    public UnaryOperator Operator { get; } = op;

    /// <summary>The operand.</summary>
    public BoundExpression Operand { get; } = operand;
}
