using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>A string in double or single quotes (escapes decoded).</summary>
public sealed class StringExpressionSyntax(TextSpan span, string value) : ExpressionSyntax(span)
{
    /// <summary>The decoded value.</summary>
    public string Value { get; } = value;
}
