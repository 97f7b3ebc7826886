using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Recipe.Registry;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A registered function with its arguments: <c>int4(group=32)</c>, <c>percentile(99.99)</c>, <c>2:4</c>.</summary>
public sealed class BoundCall(ParsedExpression source, ExpressionSyntax syntax, FunctionSpec function, ImmutableArray<BoundArgument> arguments,
    bool writtenAsPattern = false) : BoundCodec(source, syntax)
{
    /// <summary>The function.</summary>
    public FunctionSpec Function { get; } = function;

    /// <summary>The given arguments, in the function's parameter order.</summary>
    public ImmutableArray<BoundArgument> Arguments { get; } = arguments;

    /// <summary>For a number format: the format as Qc.Formats validated it from the written arguments, before the
    /// planner resolves its axis for a layer (see <c>Planning/WeightLayout</c>); null for every other function.</summary>
    public Qc.Formats.NumberFormat? NumberFormat { get; init; }

    /// <summary>True for an N:M pattern written as <c>2:4</c>.</summary>
    public bool WrittenAsPattern { get; } = writtenAsPattern;

    /// <summary>The argument given for a parameter, or null.</summary>
    public BoundArgument? Find(string name) => Arguments.FirstOrDefault(a => a.Parameter.Name == name);

    /// <summary>The number given for a parameter, else its default, else null.</summary>
    public double? Number(string name) => Find(name)?.Number ?? Function.Find(name)?.DefaultNumber;

    /// <summary>The choice given for a parameter, else its default, else null.</summary>
    public string? Choice(string name) => Find(name)?.Choice ?? Function.Find(name)?.DefaultChoice;

    /// <summary>The location of an argument, or of the whole call when the argument was not given.</summary>
    public Location LocationOf(string name) => Find(name) is { } a ? Source.LocationOf(a.Span) : Location;

    /// <inheritdoc/>
    public override IEnumerable<BoundCall> Terms => [this];
}
