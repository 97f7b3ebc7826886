using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>A bare name: an op fact (<c>params</c>), an op type (<c>Conv</c>), a format without arguments (<c>fp16</c>).</summary>
public sealed class NameExpressionSyntax(TextSpan span, string name) : ExpressionSyntax(span)
{
    /// <summary>The name.</summary>
    public string Name { get; } = name;
}
