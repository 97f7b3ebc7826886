using Qc.Core.Diagnostics;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A bound function term or composition: a number format or codec, a chain (<c>|&gt;</c>), a sum (<c>+</c>); also
/// calibrators, metrics and pruning patterns, which are function terms too.</summary>
public abstract class BoundCodec
{
    private protected BoundCodec(ParsedExpression source, ExpressionSyntax syntax)
    {
        Source = source;
        Syntax = syntax;
    }

    /// <summary>The expression it was bound from.</summary>
    public ParsedExpression Source { get; }

    /// <summary>The node it was bound from.</summary>
    public ExpressionSyntax Syntax { get; }

    /// <summary>Where it is written.</summary>
    public Location Location => Source.LocationOf(Syntax);

    /// <summary>The canonical text (<see cref="CodecPrinter"/>).</summary>
    public override string ToString() => CodecPrinter.Print(this);

    /// <summary>The function terms, depth first.</summary>
    public abstract IEnumerable<BoundCall> Terms { get; }
}
