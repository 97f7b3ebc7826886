using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>A number, possibly with a unit glued to it: <c>256</c>, <c>0.15</c>, <c>10k</c>, <c>4MiB</c>, <c>1%</c>.</summary>
public sealed class NumberExpressionSyntax(TextSpan span, string text, double value, string unit, bool isInteger) : ExpressionSyntax(span)
{
    /// <summary>The literal as written.</summary>
    public string Text { get; } = text;

    /// <summary>The value before applying the unit.</summary>
    public double Value { get; } = value;

    /// <summary>The unit suffix ("" for none).</summary>
    public string Unit { get; } = unit;

    /// <summary>True when written without a decimal point or exponent.</summary>
    public bool IsInteger { get; } = isInteger;

    /// <summary>The span of the unit suffix.</summary>
    public TextSpan UnitSpan => new(Span.End - Unit.Length, Unit.Length);
}
