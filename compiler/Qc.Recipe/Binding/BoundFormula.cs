using Qc.Core.Diagnostics;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A bound selector, constraint or sensitivity formula with the expression it came from.</summary>
/// <param name="Source">The parsed expression (its text is what the user wrote).</param>
/// <param name="Expression">The bound tree.</param>
public sealed record BoundFormula(ParsedExpression Source, BoundExpression Expression)
{
    /// <summary>The expression as written.</summary>
    public string Text => Source.TextOf(Source.Root).Trim();

    /// <summary>Where it is written.</summary>
    public Location Location => Source.LocationOf(Source.Root);
}
