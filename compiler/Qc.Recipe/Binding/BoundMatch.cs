using System.Text.RegularExpressions;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary><c>x ~ "regex"</c> or <c>x !~ "regex"</c> with the compiled regex.</summary>
public sealed class BoundMatch(ExpressionSyntax syntax, BoundExpression target, string pattern, Regex regex, bool negated) : BoundExpression(syntax, BoundType.Bool)
{
    /// <summary>The string tested.</summary>
    public BoundExpression Target { get; } = target;

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; } = pattern;

    /// <summary>The compiled pattern (culture-invariant, with a match timeout).</summary>
    public Regex Regex { get; } = regex;

    /// <summary>True for <c>!~</c>.</summary>
    public bool Negated { get; } = negated;
}
