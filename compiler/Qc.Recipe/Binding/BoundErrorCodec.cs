using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A failed bind (already reported).</summary>
public sealed class BoundErrorCodec(ParsedExpression source, ExpressionSyntax syntax) : BoundCodec(source, syntax)
{
    /// <inheritdoc/>
    public override IEnumerable<BoundCall> Terms => [];
}
