using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary><c>target.member</c>, as in <c>fp32.size</c> or <c>attr.group</c>.</summary>
public sealed class MemberExpressionSyntax(TextSpan span, ExpressionSyntax target, string member, TextSpan memberSpan) : ExpressionSyntax(span)
{
    /// <summary>The expression before the dot.</summary>
    public ExpressionSyntax Target { get; } = target;

    /// <summary>The name after the dot.</summary>
    public string Member { get; } = member;

    /// <summary>The span of the member name.</summary>
    public TextSpan MemberSpan { get; } = memberSpan;
}
