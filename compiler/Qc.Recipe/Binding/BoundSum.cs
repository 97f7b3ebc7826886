using System.Collections.Immutable;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>Additive composition <c>a + b</c>: the weight is approximated by the sum of the terms (for example a low-rank
/// part plus a quantized residual).</summary>
public sealed class BoundSum(ParsedExpression source, ExpressionSyntax syntax, ImmutableArray<BoundCodec> terms) : BoundCodec(source, syntax)
{
    /// <summary>The added terms.</summary>
    public ImmutableArray<BoundCodec> Addends { get; } = terms;

    /// <inheritdoc/>
    public override IEnumerable<BoundCall> Terms => Addends.SelectMany(s => s.Terms);
}
