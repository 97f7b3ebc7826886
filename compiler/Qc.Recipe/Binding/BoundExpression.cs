using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A bound expression of a selector, constraint or sensitivity: every name resolved, every operand type-checked.</summary>
public abstract class BoundExpression
{
    private protected BoundExpression(ExpressionSyntax syntax, BoundType type, QuantityUnit unit = QuantityUnit.Scalar)
    {
        Syntax = syntax;
        Type = type;
        Unit = unit;
    }

    /// <summary>The syntax it was bound from.</summary>
    public ExpressionSyntax Syntax { get; }

    /// <summary>The type.</summary>
    public BoundType Type { get; }

    /// <summary>What a number measures.</summary>
    public QuantityUnit Unit { get; }
}
