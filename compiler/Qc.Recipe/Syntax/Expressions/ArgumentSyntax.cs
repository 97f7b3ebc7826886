using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>One argument of a call: <c>name=value</c> or a positional value.</summary>
public sealed class ArgumentSyntax(TextSpan span, string? name, TextSpan nameSpan, ExpressionSyntax value)
{
    /// <summary>The whole argument's span.</summary>
    public TextSpan Span { get; } = span;

    /// <summary>The argument name, or null for a positional argument.</summary>
    public string? Name { get; } = name;

    /// <summary>The span of the name (empty for positional arguments).</summary>
    public TextSpan NameSpan { get; } = nameSpan;

    /// <summary>The value.</summary>
    public ExpressionSyntax Value { get; } = value;
}
