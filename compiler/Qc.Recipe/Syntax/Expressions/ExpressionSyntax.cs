using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>A node of a parsed recipe expression. Spans are offsets into the expression's text (the YAML scalar's value);
/// <see cref="ParsedExpression"/> maps them to file positions.</summary>
public abstract class ExpressionSyntax
{
    private protected ExpressionSyntax(TextSpan span) => Span = span;

    /// <summary>The span in the expression text.</summary>
    public TextSpan Span { get; }
}
