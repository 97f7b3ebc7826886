using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>An op attribute (<c>attr.group</c>); its type is decided per layer.</summary>
public sealed class BoundAttribute(ExpressionSyntax syntax, string name, BoundType type) : BoundExpression(syntax, type)
{
    /// <summary>The attribute name.</summary>
    public string Name { get; } = name;
}
