using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>A prefix operator: <c>-x</c>, <c>not x</c>.</summary>
public sealed class UnaryExpressionSyntax(TextSpan span, UnaryOperator op, TextSpan operatorSpan, ExpressionSyntax operand) : ExpressionSyntax(span)
{
    /// <summary>The operator.</summary>
    public UnaryOperator Operator { get; } = op;

    /// <summary>The operator's span.</summary>
    public TextSpan OperatorSpan { get; } = operatorSpan;

    /// <summary>The operand.</summary>
    public ExpressionSyntax Operand { get; } = operand;
}
