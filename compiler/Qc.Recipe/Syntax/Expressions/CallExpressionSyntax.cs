using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>A call with positional and named arguments: <c>int4(group=32)</c>, <c>percentile(99.99)</c>.</summary>
public sealed class CallExpressionSyntax(TextSpan span, string name, TextSpan nameSpan, System.Collections.Immutable.ImmutableArray<ArgumentSyntax> arguments)
    : ExpressionSyntax(span)
{
    /// <summary>The called name.</summary>
    public string Name { get; } = name;

    /// <summary>The span of the name.</summary>
    public TextSpan NameSpan { get; } = nameSpan;

    /// <summary>The arguments in order.</summary>
    public System.Collections.Immutable.ImmutableArray<ArgumentSyntax> Arguments { get; } = arguments;
}
