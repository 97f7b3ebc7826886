using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>An infix operator: arithmetic, comparison, <c>~</c>, <c>in</c>, <c>and</c>, <c>or</c>, <c>|&gt;</c>.</summary>
public sealed class BinaryExpressionSyntax(TextSpan span, BinaryOperator op, TextSpan operatorSpan, ExpressionSyntax left, ExpressionSyntax right)
    : ExpressionSyntax(span)
{
    /// <summary>The operator.</summary>
    public BinaryOperator Operator { get; } = op;

    /// <summary>The operator's span.</summary>
    public TextSpan OperatorSpan { get; } = operatorSpan;

    /// <summary>The left operand.</summary>
    public ExpressionSyntax Left { get; } = left;

    /// <summary>The right operand.</summary>
    public ExpressionSyntax Right { get; } = right;
}
