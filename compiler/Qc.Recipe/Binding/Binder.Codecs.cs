using System.Collections.Immutable;
using Qc.Formats;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Registry;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Text;

namespace Qc.Recipe.Binding;

/// <summary>Binding of number formats, codec chains and sums, calibrators, metrics and pruning patterns.</summary>
internal sealed partial class Binder
{
    /// <summary>Binds a codec; an error codec after reporting.</summary>
    private BoundCodec BindCodec(ExpressionSyntax node, ParsedExpression src, CodecPosition position)
    {
        switch (node)
        {
            case ParenthesizedExpressionSyntax p:
                return BindCodec(p.Inner, src, position);
            case NameExpressionSyntax or CallExpressionSyntax:
                return BindCall(node, src, _registry.Codecs, position == CodecPosition.Activations ? "activation format" : "number format or codec",
                    (l, n) => _diagnostics.ReportUnknownFormat(l, n, position == CodecPosition.Activations ? "activation format" : "number format or codec",
                        position == CodecPosition.Activations ? ActivationFormats() : _registry.Codecs.Keys),
                    position);
            case PatternExpressionSyntax pattern when position != CodecPosition.Activations:
                return BindPattern(pattern, src);
            case BinaryExpressionSyntax { Operator: BinaryOperator.Pipe or BinaryOperator.Add } b when position == CodecPosition.Activations:
                _diagnostics.ReportNotAllowedHere(src.LocationOf(b.OperatorSpan), b.Operator == BinaryOperator.Pipe ? "a codec chain" : "a codec sum",
                    "'activations'", "activations take one number format, such as uint8(per_tensor)");
                return new BoundErrorCodec(src, node);
            case BinaryExpressionSyntax { Operator: BinaryOperator.Pipe } b:
                return BindChain(b, src, position);
            case BinaryExpressionSyntax { Operator: BinaryOperator.Add } b:
                return BindSum(b, src, position);
            default:
                _diagnostics.ReportExpectedKind(src.LocationOf(node), position == CodecPosition.Activations ? "an activation format" : "a weight codec",
                    position == CodecPosition.Activations ? "a number format such as uint8(per_tensor)" : "a number format or codec such as int8(axis=0) or nm(2, 4) |> int4(group=32)",
                    Describe(node));
                return new BoundErrorCodec(src, node);
        }
    }

    private IEnumerable<string> ActivationFormats() => _registry.Codecs.Values.Where(f => f.ActivationCapable).Select(f => f.Name);

    /// <summary>Binds a registered function term (a name or a call) from one table.</summary>
    private BoundCodec BindCall(ExpressionSyntax node, ParsedExpression src, IReadOnlyDictionary<string, FunctionSpec> table, string what,
        Action<Qc.Core.Diagnostics.Location, string> reportUnknown, CodecPosition? position = null)
    {
        var (name, nameSpan) = node switch
        {
            NameExpressionSyntax n => (n.Name, n.Span),
            CallExpressionSyntax c => (c.Name, c.NameSpan),
            _ => (string.Empty, node.Span),
        };
        if (!table.TryGetValue(name, out var spec))
        {
            reportUnknown(src.LocationOf(nameSpan), name);
            return new BoundErrorCodec(src, node);
        }

        if (position == CodecPosition.Activations && !spec.ActivationCapable)
        {
            _diagnostics.ReportNotAllowedHere(src.LocationOf(nameSpan), $"'{name}'", "'activations'",
                "activation formats: " + string.Join(", ", ActivationFormats()));
            return new BoundErrorCodec(src, node);
        }

        var arguments = node is CallExpressionSyntax call ? BindArguments(call, spec, src, position) : [];
        if (arguments is null)
        {
            return new BoundErrorCodec(src, node);
        }

        if (!CheckRequired(node, spec, arguments.Value, src) || !CheckConflicts(spec, arguments.Value, src))
        {
            return new BoundErrorCodec(src, node);
        }

        if (!spec.IsNumberFormat)
        {
            return new BoundCall(src, node, spec, arguments.Value);
        }

        return ValidateFormat(node, spec, arguments.Value, src) is { } format
            ? new BoundCall(src, node, spec, arguments.Value) { NumberFormat = format }
            : new BoundErrorCodec(src, node);
    }

    private ImmutableArray<BoundArgument>? BindArguments(CallExpressionSyntax call, FunctionSpec spec, ParsedExpression src, CodecPosition? position)
    {
        var result = new Dictionary<ParameterSpec, BoundArgument>();
        var positional = spec.PositionalParameters.ToList();
        var next = 0;
        var seenNamed = false;
        var ok = true;
        foreach (var arg in call.Arguments)
        {
            ParameterSpec? parameter;
            var value = Unparenthesize(arg.Value);
            if (arg.Name is null)
            {
                // a choice written as a flag (int8(axis=0, symmetric)) may stand anywhere
                parameter = value is NameExpressionSyntax flag
                    ? spec.Parameters.FirstOrDefault(p => p.Type == ParameterType.Choice && p.Choices.Contains(flag.Name))
                    : null;
                if (parameter is null && value is NameExpressionSyntax unknownFlag)
                {
                    // a bare name that is no choice of this function: most likely a misspelled flag (symetric)
                    var candidates = spec.Parameters.SelectMany(p => p.Type == ParameterType.Choice ? p.Choices.AsEnumerable() : [p.Name]);
                    _diagnostics.ReportUnknownArgument(src.LocationOf(value), spec.Name, unknownFlag.Name, candidates, DescribeParameters(spec));
                    ok = false;
                    continue;
                }

                if (parameter is null && seenNamed)
                {
                    _diagnostics.ReportPositionalAfterNamed(src.LocationOf(arg.Span), spec.Name);
                    ok = false;
                    continue;
                }

                if (parameter is null)
                {
                    if (next >= positional.Count)
                    {
                        _diagnostics.ReportTooManyArguments(src.LocationOf(arg.Span), spec.Name, positional.Count);
                        ok = false;
                        continue;
                    }

                    parameter = positional[next++];
                }
            }
            else
            {
                seenNamed = true;
                parameter = spec.Find(arg.Name);
                if (parameter is null)
                {
                    _diagnostics.ReportUnknownArgument(src.LocationOf(arg.NameSpan), spec.Name, arg.Name, spec.Parameters.Select(p => p.Name), DescribeParameters(spec));
                    ok = false;
                    continue;
                }
            }

            if (result.ContainsKey(parameter))
            {
                _diagnostics.ReportRepeatedArgument(src.LocationOf(arg.Span), spec.Name, parameter.Name);
                ok = false;
                continue;
            }

            if (position == CodecPosition.Activations && parameter.WeightsOnly)
            {
                _diagnostics.ReportNotAllowedHere(src.LocationOf(arg.Span), $"argument '{parameter.Name}'", "an activation format",
                    "activations are quantized per tensor at run time; group, axis and rounding apply to weights only");
                ok = false;
                continue;
            }

            if (BindArgumentValue(spec, parameter, value, arg, src) is { } bound)
            {
                result[parameter] = bound;
            }
            else
            {
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        return [.. spec.Parameters.Where(result.ContainsKey).Select(p => result[p])];
    }

    /// <summary>The parameters for hints: <c>axis=N, group=N, per_tensor|per_channel, ...</c>; "none" without parameters.</summary>
    private static string DescribeParameters(FunctionSpec spec) => spec.Parameters.IsEmpty
        ? "none"
        : string.Join(", ", spec.Parameters.Select(p => p.Type == ParameterType.Choice
            ? (p.PrintAsFlag ? string.Empty : p.Name + "=") + string.Join("|", p.Choices)
            : p.Name + "=N"));

    private BoundArgument? BindArgumentValue(FunctionSpec spec, ParameterSpec parameter, ExpressionSyntax value, ArgumentSyntax arg, ParsedExpression src)
    {
        var location = src.LocationOf(value);
        if (parameter.Type == ParameterType.Choice)
        {
            var text = value switch
            {
                NameExpressionSyntax n => n.Name,
                StringExpressionSyntax s => s.Value,
                _ => null,
            };
            if (text is null || !parameter.Choices.Contains(text))
            {
                _diagnostics.ReportBadArgumentValue(location, spec.Name, parameter.Name, $"must be {parameter.RangeText}, not '{src.TextOf(value)}'",
                    text is null ? null : Suggestions.Hint(text, parameter.Choices, "allowed"));
                return null;
            }

            return new BoundArgument(parameter, null, text, arg.Span);
        }

        var bound = BindExpression(value, src, ExpressionContext.Constant);
        if (bound.Type == BoundType.Error)
        {
            return null;
        }

        if (Evaluator.Constant(bound) is not { Type: BoundType.Number } v)
        {
            _diagnostics.ReportBadArgumentValue(location, spec.Name, parameter.Name, $"must be {parameter.RangeText}");
            return null;
        }

        if (parameter.Type == ParameterType.Integer && v.Number != Math.Floor(v.Number) || !parameter.InRange(v.Number))
        {
            _diagnostics.ReportBadArgumentValue(location, spec.Name, parameter.Name, $"must be {parameter.RangeText}, not {Format.Number(v.Number)}");
            return null;
        }

        return new BoundArgument(parameter, v.Number, null, arg.Span);
    }

    private bool CheckRequired(ExpressionSyntax node, FunctionSpec spec, ImmutableArray<BoundArgument> arguments, ParsedExpression src)
    {
        foreach (var p in spec.Parameters.Where(p => p.Required))
        {
            if (!arguments.Any(a => a.Parameter == p))
            {
                _diagnostics.ReportMissingArgument(src.LocationOf(node), spec.Name, p.Name, spec.Example);
                return false;
            }
        }

        if (spec.Name == "nm" && arguments.FirstOrDefault(a => a.Parameter.Name == "n") is { Number: { } n } na
            && arguments.FirstOrDefault(a => a.Parameter.Name == "m") is { Number: { } m } && n >= m)
        {
            _diagnostics.ReportBadPattern(src.LocationOf(na.Span), $"an N:M pattern keeps N of every M weights, so N must be below M (got {Format.Number(n)}:{Format.Number(m)})",
                "for example 2:4 keeps 2 of every 4 weights");
            return false;
        }

        return true;
    }

    /// <summary>The recipe-level check: <c>per_channel</c> (the recipe's word for per-output-channel scales) and
    /// <c>group</c> are two granularities.</summary>
    private bool CheckConflicts(FunctionSpec spec, ImmutableArray<BoundArgument> arguments, ParsedExpression src)
    {
        var granularity = arguments.FirstOrDefault(a => a.Parameter.Name == "granularity");
        var group = arguments.FirstOrDefault(a => a.Parameter.Name == "group");
        if (granularity is null || group is null)
        {
            return true;
        }

        var (first, second) = granularity.Span.Start < group.Span.Start ? (granularity, group) : (group, granularity);
        _diagnostics.ReportConflictingArguments(src.LocationOf(second.Span), spec.Name, src.TextOf(first.Span), src.TextOf(second.Span));
        return false;
    }

    /// <summary>Validates a number format's arguments together with Qc.Formats (<see cref="FormatRegistry.TryCreate"/>), the
    /// one place that knows which combinations a format accepts; on failure reports QC2038 at the argument the message
    /// names (else the call) and returns null.</summary>
    private NumberFormat? ValidateFormat(ExpressionSyntax node, FunctionSpec spec, ImmutableArray<BoundArgument> arguments, ParsedExpression src)
    {
        var formatArguments = FormatFunctions.ToFormatArguments(arguments.Select(a => (a.Parameter.Name, a.Number, a.Choice)));
        if (FormatRegistry.TryCreate(spec.Name, formatArguments, out var format, out var error))
        {
            return format;
        }

        var problem = error.StartsWith(spec.Name + ": ", StringComparison.Ordinal) ? error[(spec.Name.Length + 2)..] : error;
        var culprit = arguments.Where(a => Mentions(problem, a.Choice ?? a.Parameter.Name)).OrderBy(a => a.Span.Start).LastOrDefault();
        _diagnostics.ReportInvalidFormat(culprit is null ? src.LocationOf(node) : src.LocationOf(culprit.Span), spec.Name, problem);
        return null;
    }

    /// <summary>True when <paramref name="text"/> names <paramref name="word"/> as a whole word.</summary>
    private static bool Mentions(string text, string word)
    {
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 || !(char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] == '_');
            var end = i + word.Length;
            var after = end == text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_');
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    private BoundCodec BindPattern(PatternExpressionSyntax pattern, ParsedExpression src)
    {
        var nm = _registry.PrunePatterns["nm"];
        var n = pattern.N;
        var m = pattern.M;
        foreach (var part in new[] { n, m })
        {
            if (!part.IsInteger || part.Unit.Length > 0 || part.Value < 1 || part.Value > 64)
            {
                _diagnostics.ReportBadPattern(src.LocationOf(part), $"'{part.Text}' in an N:M pattern must be a whole number from 1 to 64",
                    "write the pattern as two whole numbers, such as 2:4");
                return new BoundErrorCodec(src, pattern);
            }
        }

        if (n.Value >= m.Value)
        {
            _diagnostics.ReportBadPattern(src.LocationOf(pattern), $"an N:M pattern keeps N of every M weights, so N must be below M (got {pattern.N.Text}:{pattern.M.Text})",
                "for example 2:4 keeps 2 of every 4 weights");
            return new BoundErrorCodec(src, pattern);
        }

        return new BoundCall(src, pattern, nm,
            [new BoundArgument(nm.Parameters[0], n.Value, null, n.Span), new BoundArgument(nm.Parameters[1], m.Value, null, m.Span)], writtenAsPattern: true);
    }

    /// <summary>Stage order in a chain: sparsity, low-rank, format or codebook (or a sum), entropy coder.</summary>
    private static int StageRank(BoundCodec stage) => stage switch
    {
        BoundCall { Function.Kind: FunctionKind.Sparsity } => 0,
        BoundCall { Function.Kind: FunctionKind.LowRank } => 1,
        BoundCall { Function.Kind: FunctionKind.Entropy } => 3,
        _ => 2,
    };

    private BoundCodec BindChain(BinaryExpressionSyntax b, ParsedExpression src, CodecPosition position)
    {
        var nodes = new List<ExpressionSyntax>();
        Flatten(b, BinaryOperator.Pipe, nodes);
        var stages = nodes.Select(n => BindCodec(n, src, position)).ToImmutableArray();
        if (stages.Any(s => s is BoundErrorCodec))
        {
            return new BoundErrorCodec(src, b);
        }

        for (var i = 1; i < stages.Length; i++)
        {
            var (before, after) = (stages[i - 1], stages[i]);
            if (StageRank(after) < StageRank(before) || StageRank(after) == StageRank(before))
            {
                _diagnostics.ReportBadChain(after.Location, $"'{CodecPrinter.Print(after)}' cannot follow '{CodecPrinter.Print(before)}' in a codec chain",
                    StageRank(after) == StageRank(before) && StageRank(after) == 2
                        ? "a chain holds one number format or codebook; add a second approximation with '+', as in lowrank(rank=16) + int2(group=16)"
                        : "order the stages: sparsity (nm, unstructured) |> lowrank |> number format or codebook |> entropy coder (huffman, rans)");
                return new BoundErrorCodec(src, b);
            }
        }

        if (!CheckEntropy(stages, src, b))
        {
            return new BoundErrorCodec(src, b);
        }

        return new BoundChain(src, b, stages);
    }

    /// <summary>An entropy coder needs a number format or codebook before it (it codes their indices).</summary>
    private bool CheckEntropy(IReadOnlyList<BoundCodec> stages, ParsedExpression src, ExpressionSyntax node)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (StageRank(stages[i]) == 3 && !stages.Take(i).Any(s => StageRank(s) == 2))
            {
                _diagnostics.ReportBadChain(stages[i].Location, $"'{CodecPrinter.Print(stages[i])}' codes quantized values, but nothing before it quantizes",
                    "put a number format or codebook before it, as in int4(group=32) |> huffman");
                return false;
            }
        }

        _ = src;
        _ = node;
        return true;
    }

    private BoundCodec BindSum(BinaryExpressionSyntax b, ParsedExpression src, CodecPosition position)
    {
        var nodes = new List<ExpressionSyntax>();
        Flatten(b, BinaryOperator.Add, nodes);
        var terms = nodes.Select(n => BindCodec(n, src, position)).ToImmutableArray();
        if (terms.Any(s => s is BoundErrorCodec))
        {
            return new BoundErrorCodec(src, b);
        }

        foreach (var term in terms)
        {
            if (term is BoundCall { Function.Kind: FunctionKind.Entropy or FunctionKind.Sparsity } c)
            {
                _diagnostics.ReportBadChain(c.Location, $"'{c.Function.Name}' cannot be a term of a sum: it does not approximate the weight by itself",
                    c.Function.Kind == FunctionKind.Entropy ? "chain it after a format with '|>'" : "chain it before a format with '|>', as in nm(2, 4) |> int4(group=32)");
                return new BoundErrorCodec(src, b);
            }
        }

        return new BoundSum(src, b, terms);
    }

    private static void Flatten(ExpressionSyntax node, BinaryOperator op, List<ExpressionSyntax> into)
    {
        if (node is BinaryExpressionSyntax b && b.Operator == op)
        {
            Flatten(b.Left, op, into);
            Flatten(b.Right, op, into);
        }
        else
        {
            into.Add(node);
        }
    }

    /// <summary>A weight codec that is a complete codec by itself (not an entropy coder alone).</summary>
    private BoundCodec CheckStandalone(BoundCodec codec)
    {
        if (codec is BoundCall { Function.Kind: FunctionKind.Entropy } c)
        {
            _diagnostics.ReportBadChain(c.Location, $"'{c.Function.Name}' codes quantized values, but nothing before it quantizes",
                "put a number format or codebook before it, as in int4(group=32) |> huffman");
            return new BoundErrorCodec(codec.Source, codec.Syntax);
        }

        return codec;
    }

    private BoundCall? BindFunction(ExpressionSyntax node, ParsedExpression src, IReadOnlyDictionary<string, FunctionSpec> table, string what,
        Action<Qc.Core.Diagnostics.Location, string> reportUnknown)
    {
        if (Unparenthesize(node) is not (NameExpressionSyntax or CallExpressionSyntax) and var other)
        {
            _diagnostics.ReportExpectedKind(src.LocationOf(other), "this value", $"a {what} name such as {table.Values.First().Example}", Describe(other));
            return null;
        }

        return BindCall(Unparenthesize(node), src, table, what, reportUnknown) as BoundCall;
    }
}
