using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed class BooleanExpressionSyntax(TextSpan span, bool value) : ExpressionSyntax(span)
{
    /// <summary>The value.</summary>
    public bool Value { get; } = value;
}
