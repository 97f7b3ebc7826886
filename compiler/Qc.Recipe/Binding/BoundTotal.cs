using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A model total (<c>fp32.size</c>, <c>fp32.bops</c>, <c>fp32.latency</c> of the recipe's target, <c>fp32.params</c>, <c>fp32.macs</c>).</summary>
public sealed class BoundTotal(ExpressionSyntax syntax, string name, double? value, QuantityUnit unit) : BoundExpression(syntax, BoundType.Number, unit)
{
    /// <summary>The member name after <c>fp32.</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The value from the model, or null when the model is not loaded or shapes are not static.</summary>
    public double? Value { get; } = value;
}
