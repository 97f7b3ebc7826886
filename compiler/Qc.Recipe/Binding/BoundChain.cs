using System.Collections.Immutable;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A codec chain <c>a |&gt; b |&gt; c</c>: stages applied in order (sparsity, low-rank, format or codebook, entropy).</summary>
public sealed class BoundChain(ParsedExpression source, ExpressionSyntax syntax, ImmutableArray<BoundCodec> stages) : BoundCodec(source, syntax)
{
    /// <summary>The stages in order.</summary>
    public ImmutableArray<BoundCodec> Stages { get; } = stages;

    /// <inheritdoc/>
    public override IEnumerable<BoundCall> Terms => Stages.SelectMany(s => s.Terms);
}
