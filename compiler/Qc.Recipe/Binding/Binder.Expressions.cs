using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Qc.Ir.Graph;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Model;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Text;

namespace Qc.Recipe.Binding;

/// <summary>Binding of selectors, constraints, sensitivity formulas and constants.</summary>
internal sealed partial class Binder
{
    /// <summary>Unit suffixes: multiplier and what they measure.</summary>
    private static readonly Dictionary<string, (double Scale, QuantityUnit Unit)> s_units = new(StringComparer.Ordinal)
    {
        ["%"] = (0.01, QuantityUnit.Scalar),
        ["k"] = (1e3, QuantityUnit.Scalar),
        ["M"] = (1e6, QuantityUnit.Scalar),
        ["G"] = (1e9, QuantityUnit.Scalar),
        ["T"] = (1e12, QuantityUnit.Scalar),
        ["B"] = (1, QuantityUnit.Bytes),
        ["KB"] = (1e3, QuantityUnit.Bytes),
        ["MB"] = (1e6, QuantityUnit.Bytes),
        ["GB"] = (1e9, QuantityUnit.Bytes),
        ["KiB"] = (1024, QuantityUnit.Bytes),
        ["MiB"] = (1024.0 * 1024, QuantityUnit.Bytes),
        ["GiB"] = (1024.0 * 1024 * 1024, QuantityUnit.Bytes),
        ["TiB"] = (1024.0 * 1024 * 1024 * 1024, QuantityUnit.Bytes),
        ["s"] = (1, QuantityUnit.Seconds),
        ["ms"] = (1e-3, QuantityUnit.Seconds),
        ["us"] = (1e-6, QuantityUnit.Seconds),
    };

    private static readonly string[] s_totals = ["size", "bops", "latency", "params", "macs"];
    private static readonly string[] s_functions = ["len", "min", "max"];

    /// <summary>Metrics <c>evaluate</c> computes (for names in <c>require</c>).</summary>
    private ImmutableArray<string> _evaluatedMetrics = [];

    /// <summary>Binds a selector or constraint that must be a condition.</summary>
    private BoundFormula? BindCondition(ParsedExpression? parsed, ExpressionContext context, string what)
    {
        if (parsed is null)
        {
            return null;
        }

        var bound = BindExpression(parsed.Root, parsed, context);
        if (bound.Type is not (BoundType.Bool or BoundType.Error))
        {
            _diagnostics.ReportNotBoolean(parsed.LocationOf(parsed.Root), what, BoundTypes.Describe(bound.Type));
            bound = new BoundErrorExpression(parsed.Root);
        }

        return new BoundFormula(parsed, bound);
    }

    private BoundExpression BindExpression(ExpressionSyntax node, ParsedExpression src, ExpressionContext context)
    {
        switch (node)
        {
            case NumberExpressionSyntax n:
                return BindNumber(n, src);
            case StringExpressionSyntax s when context != ExpressionContext.Constant:
                return new BoundLiteral(s, ExprValue.Of(s.Value));
            case BooleanExpressionSyntax b when context != ExpressionContext.Constant:
                return new BoundLiteral(b, ExprValue.Of(b.Value));
            case NameExpressionSyntax name:
                return BindName(name, src, context);
            case MemberExpressionSyntax m:
                return BindMember(m, src, context);
            case IndexExpressionSyntax ix:
                return BindIndex(ix, src, context);
            case CallExpressionSyntax call:
                return BindFunctionCall(call, src, context);
            case ListExpressionSyntax list when context != ExpressionContext.Constant:
                return BindList(list, src, context);
            case ParenthesizedExpressionSyntax p:
                return BindExpression(p.Inner, src, context);
            case UnaryExpressionSyntax u:
                return BindUnary(u, src, context);
            case BinaryExpressionSyntax b:
                return BindBinary(b, src, context);
            case PatternExpressionSyntax p:
                _diagnostics.ReportExpectedKind(src.LocationOf(p), "this expression", ContextExpectation(context), "an N:M pattern",
                    "N:M patterns such as 2:4 are pruning patterns ('pattern:' in 'prune', or nm(2, 4) in a codec chain)");
                return new BoundErrorExpression(p);
            default:
                _diagnostics.ReportExpectedKind(src.LocationOf(node), "this expression", ContextExpectation(context), Describe(node));
                return new BoundErrorExpression(node);
        }
    }

    private static string ContextExpectation(ExpressionContext context) => context switch
    {
        ExpressionContext.Constant => "a number",
        ExpressionContext.Sensitivity => "a sensitivity measure or a weighted sum of them",
        _ => "a condition or a value",
    };

    private BoundExpression BindNumber(NumberExpressionSyntax n, ParsedExpression src)
    {
        if (!s_units.TryGetValue(n.Unit, out var unit))
        {
            if (n.Unit.Length == 0)
            {
                unit = (1, QuantityUnit.Scalar);
            }
            else
            {
                _diagnostics.ReportUnknownUnit(src.LocationOf(n.UnitSpan), n.Unit, s_units.Keys);
                return new BoundErrorExpression(n);
            }
        }

        // Sub-unit scales divide by the exact power of ten (250us is 250 / 1e6, the double nearest 0.00025, as written).
        var value = unit.Scale < 1 ? n.Value / Math.Round(1 / unit.Scale) : n.Value * unit.Scale;
        if (!double.IsFinite(value))
        {
            _diagnostics.ReportNumberOutOfRange(src.LocationOf(n), n.Text);
            return new BoundErrorExpression(n);
        }

        return new BoundLiteral(n, ExprValue.Of(value), unit.Unit);
    }

    private BoundExpression BindName(NameExpressionSyntax name, ParsedExpression src, ExpressionContext context)
    {
        var location = src.LocationOf(name);
        switch (context)
        {
            case ExpressionContext.Selector:
                {
                    if (Facts.Find(name.Name) is { } fact)
                    {
                        return new BoundFact(name, fact);
                    }

                    if (IsOpType(name.Name))
                    {
                        return new BoundLiteral(name, ExprValue.Of(name.Name));
                    }

                    if (name.Name is "fp32" or "attr")
                    {
                        _diagnostics.ReportExpectedKind(location, $"'{name.Name}'", "followed by '.' and a member", "used alone",
                            name.Name == "fp32" ? "write fp32.size, fp32.bops, fp32.latency, fp32.params or fp32.macs" : "write attr.NAME, for example attr.group");
                        return new BoundErrorExpression(name);
                    }

                    if (_registry.Codecs.ContainsKey(name.Name))
                    {
                        _diagnostics.ReportExpectedKind(location, "a selector", "a condition on op facts", $"the number format '{name.Name}'",
                            "selectors choose ops ('match: op == Conv'); formats go under 'weights:' or 'activations:'");
                        return new BoundErrorExpression(name);
                    }

                    var allowed = Facts.All.Select(f => f.Name).Concat(ModelOpTypes()).ToList();
                    var close = Suggestions.Closest(name.Name, allowed.Concat(OpRegistry.Default.All.Select(s => s.OpType)));
                    var hint = (close.Count > 0 ? $"did you mean '{close[0]}'? " : string.Empty)
                        + "op facts: " + string.Join(", ", Facts.All.Select(f => f.Name))
                        + (_model is null ? string.Empty : "; op types in the model: " + string.Join(", ", ModelOpTypes()));
                    _diagnostics.ReportUnknownNameWithHint(location, name.Name, "a selector", hint);
                    return new BoundErrorExpression(name);
                }

            case ExpressionContext.Budget:
                return name.Name switch
                {
                    "size" => new BoundQuantity(name, "size", QuantityUnit.Bytes),
                    "bops" => new BoundQuantity(name, "bops", QuantityUnit.Count),
                    "latency" => new BoundQuantity(name, "latency", QuantityUnit.Seconds),
                    "sensitivity" => new BoundQuantity(name, "sensitivity", QuantityUnit.Scalar),
                    _ => UnknownName(name, location, "a budget", ["size", "bops", "latency", "sensitivity", "fp32.size", "fp32.bops", "fp32.latency"]),
                };
            case ExpressionContext.Gate:
                return BindGateName(name, src);
            case ExpressionContext.Sensitivity:
                if (_registry.Sensitivities.ContainsKey(name.Name))
                {
                    return new BoundQuantity(name, name.Name, QuantityUnit.Scalar);
                }

                _diagnostics.ReportUnknownSensitivity(location, name.Name, _registry.Sensitivities.Keys);
                return new BoundErrorExpression(name);
            default:
                _diagnostics.ReportExpectedKind(location, "this value", "a number", $"the name '{name.Name}'",
                    "write a number, optionally with a unit such as 10k or 4MiB");
                return new BoundErrorExpression(name);
        }
    }

    private BoundErrorExpression UnknownName(NameExpressionSyntax name, Qc.Core.Diagnostics.Location location, string context, IEnumerable<string> allowed)
    {
        _diagnostics.ReportUnknownName(location, name.Name, context, allowed);
        return new BoundErrorExpression(name);
    }

    private BoundExpression BindGateName(NameExpressionSyntax name, ParsedExpression src)
    {
        var location = src.LocationOf(name);
        if (name.Name == "size")
        {
            return new BoundQuantity(name, "size", QuantityUnit.Bytes);
        }

        if (name.Name == "bops")
        {
            return new BoundQuantity(name, "bops", QuantityUnit.Count);
        }

        if (name.Name == "latency")
        {
            return new BoundQuantity(name, "latency", QuantityUnit.Seconds);
        }

        foreach (var suffix in new[] { "_drop", "_ref", string.Empty })
        {
            if (!name.Name.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var metric = name.Name[..(name.Name.Length - suffix.Length)];
            if (!_registry.Metrics.ContainsKey(metric))
            {
                continue;
            }

            if (!_evaluatedMetrics.Contains(metric))
            {
                _diagnostics.ReportMetricNotEvaluated(location, name.Name, metric, _evaluatedMetrics);
                return new BoundErrorExpression(name);
            }

            return new BoundQuantity(name, name.Name, QuantityUnit.Scalar);
        }

        var allowed = _evaluatedMetrics.SelectMany(m => new[] { m, m + "_ref", m + "_drop" }).Concat(["size", "bops", "latency", "fp32.size"]);
        return UnknownName(name, location, "an accuracy gate", allowed);
    }

    private IEnumerable<string> ModelOpTypes() => _model?.OpTypes.Select(t => t.OpType) ?? [];

    private bool IsOpType(string name) =>
        ModelOpTypes().Contains(name) || OpRegistry.Default.All.Any(s => s.OpType == name && s.Domain.Length == 0);

    private BoundExpression BindMember(MemberExpressionSyntax m, ParsedExpression src, ExpressionContext context)
    {
        var memberLocation = src.LocationOf(m.MemberSpan);
        if (m.Target is NameExpressionSyntax { Name: "fp32" } && context != ExpressionContext.Sensitivity)
        {
            if (!s_totals.Contains(m.Member))
            {
                _diagnostics.ReportUnknownMember(memberLocation, "fp32", m.Member, s_totals);
                return new BoundErrorExpression(m);
            }

            double? value = m.Member switch
            {
                "size" => _model?.Fp32Size,
                "bops" => _model?.Fp32Bops,
                "latency" => _model is null ? null : CostModel.For(_recipe.Target?.Triple).Fp32Seconds(_model),
                "params" => _model?.Params,
                _ => _model?.Macs,
            };
            var unit = m.Member switch
            {
                "size" => QuantityUnit.Bytes,
                "latency" => QuantityUnit.Seconds,
                _ => QuantityUnit.Count,
            };
            return new BoundTotal(m, m.Member, value, unit);
        }

        if (m.Target is NameExpressionSyntax { Name: "attr" } && context == ExpressionContext.Selector)
        {
            if (_model is null)
            {
                return new BoundErrorExpression(m);
            }

            var owner = _model.Layers.FirstOrDefault(l => l.Attributes.Contains(m.Member));
            if (owner is null)
            {
                _diagnostics.ReportUnknownAttribute(memberLocation, m.Member, _model.AttributeNames);
                return new BoundErrorExpression(m);
            }

            owner.Attributes.TryGet(m.Member, out var value);
            return new BoundAttribute(m, m.Member, Evaluator.AttributeType(value!));
        }

        if (m.Target is NameExpressionSyntax target)
        {
            var members = context == ExpressionContext.Selector ? "fp32.size, fp32.bops, fp32.latency, fp32.params, fp32.macs, attr.NAME" : "fp32.size, fp32.bops, fp32.latency, fp32.params, fp32.macs";
            _diagnostics.ReportExpectedKind(src.LocationOf(m), $"'{target.Name}.{m.Member}'", "a known member access", "an unknown one",
                "members: " + members);
            return new BoundErrorExpression(m);
        }

        var inner = BindExpression(m.Target, src, context);
        if (inner.Type != BoundType.Error)
        {
            _diagnostics.ReportExpectedKind(memberLocation, $"'.{m.Member}'", "applied to 'fp32' or 'attr'", "applied to " + BoundTypes.Describe(inner.Type));
        }

        return new BoundErrorExpression(m);
    }

    private BoundExpression BindIndex(IndexExpressionSyntax ix, ParsedExpression src, ExpressionContext context)
    {
        var target = BindExpression(ix.Target, src, context);
        var index = BindExpression(ix.Index, src, context);
        if (target.Type == BoundType.Error || index.Type == BoundType.Error)
        {
            return new BoundErrorExpression(ix);
        }

        if (!BoundTypes.IsList(target.Type))
        {
            _diagnostics.ReportOperandType(src.LocationOf(ix.Target), "[]", "a list", BoundTypes.Describe(target.Type));
            return new BoundErrorExpression(ix);
        }

        if (index.Type != BoundType.Number)
        {
            _diagnostics.ReportOperandType(src.LocationOf(ix.Index), "[]", "a number as the index", BoundTypes.Describe(index.Type));
            return new BoundErrorExpression(ix);
        }

        var element = target.Type == BoundType.StringList ? BoundType.String : BoundType.Number;
        return new BoundIndex(ix, target, index, element);
    }

    private BoundExpression BindFunctionCall(CallExpressionSyntax call, ParsedExpression src, ExpressionContext context)
    {
        var location = src.LocationOf(call.NameSpan);
        if (context is ExpressionContext.Selector or ExpressionContext.Budget or ExpressionContext.Gate && s_functions.Contains(call.Name))
        {
            var args = call.Arguments.Select(a => BindExpression(a.Value, src, context)).ToImmutableArray();
            if (call.Arguments.FirstOrDefault(a => a.Name is not null) is { } named)
            {
                _diagnostics.ReportUnknownArgument(src.LocationOf(named.NameSpan), call.Name, named.Name!, []);
                return new BoundErrorExpression(call);
            }

            if (args.Any(a => a.Type == BoundType.Error))
            {
                return new BoundErrorExpression(call);
            }

            if (call.Name == "len")
            {
                if (args.Length != 1 || !(BoundTypes.IsList(args[0].Type) || args[0].Type == BoundType.String))
                {
                    _diagnostics.ReportBadArgumentValue(src.LocationOf(call), "len", "list", "must be one list or string");
                    return new BoundErrorExpression(call);
                }

                return new BoundFunctionCall(call, "len", args, BoundType.Number, QuantityUnit.Scalar);
            }

            if (args.Length < 2 || args.Any(a => a.Type != BoundType.Number))
            {
                _diagnostics.ReportBadArgumentValue(src.LocationOf(call), call.Name, "values", "must be two or more numbers");
                return new BoundErrorExpression(call);
            }

            var unit = args.Select(a => a.Unit).FirstOrDefault(u => u != QuantityUnit.Scalar);
            return new BoundFunctionCall(call, call.Name, args, BoundType.Number, unit);
        }

        if (_registry.Codecs.ContainsKey(call.Name) || _registry.Calibrators.ContainsKey(call.Name))
        {
            _diagnostics.ReportExpectedKind(src.LocationOf(call), "this expression", ContextExpectation(context), $"a call of '{call.Name}'",
                $"'{call.Name}' belongs under 'weights:', 'activations:', 'choices:' or 'calibration:'");
            return new BoundErrorExpression(call);
        }

        _diagnostics.ReportUnknownFunction(location, call.Name, ContextName(context),
            context is ExpressionContext.Selector or ExpressionContext.Budget or ExpressionContext.Gate ? s_functions : []);
        return new BoundErrorExpression(call);
    }

    private static string ContextName(ExpressionContext context) => context switch
    {
        ExpressionContext.Selector => "a selector",
        ExpressionContext.Budget => "a budget",
        ExpressionContext.Gate => "an accuracy gate",
        ExpressionContext.Sensitivity => "a sensitivity formula",
        _ => "a constant",
    };

    private BoundExpression BindList(ListExpressionSyntax list, ParsedExpression src, ExpressionContext context)
    {
        var items = list.Items.Select(i => BindExpression(i, src, context)).ToImmutableArray();
        if (items.Any(i => i.Type == BoundType.Error))
        {
            return new BoundErrorExpression(list);
        }

        if (items.Length == 0)
        {
            return new BoundList(list, BoundType.EmptyList, items);
        }

        var first = items[0].Type;
        if (first is not (BoundType.String or BoundType.Number) || items.Any(i => i.Type != first))
        {
            var bad = items.FirstOrDefault(i => i.Type != first || i.Type is not (BoundType.String or BoundType.Number)) ?? items[0];
            _diagnostics.ReportOperandType(src.LocationOf(bad.Syntax), "[...]", "items that are all strings or all numbers", BoundTypes.Describe(bad.Type));
            return new BoundErrorExpression(list);
        }

        return new BoundList(list, first == BoundType.String ? BoundType.StringList : BoundType.NumberList, items);
    }

    private BoundExpression BindUnary(UnaryExpressionSyntax u, ParsedExpression src, ExpressionContext context)
    {
        var operand = BindExpression(u.Operand, src, context);
        if (operand.Type == BoundType.Error)
        {
            return new BoundErrorExpression(u);
        }

        var expected = u.Operator == UnaryOperator.Negate ? BoundType.Number : BoundType.Bool;
        if (operand.Type != expected)
        {
            _diagnostics.ReportOperandType(src.LocationOf(u.OperatorSpan), Operators.Text(u.Operator),
                BoundTypes.Describe(expected), BoundTypes.Describe(operand.Type));
            return new BoundErrorExpression(u);
        }

        return new BoundUnary(u, u.Operator, operand);
    }

    private BoundExpression BindBinary(BinaryExpressionSyntax b, ParsedExpression src, ExpressionContext context)
    {
        var opText = Operators.Text(b.Operator);
        var opLocation = src.LocationOf(b.OperatorSpan);
        if (b.Operator == BinaryOperator.Pipe)
        {
            _diagnostics.ReportExpectedKind(opLocation, "'|>'", "used in a codec (under 'weights:' or 'choices:')", $"used in {ContextName(context)}",
                "'|>' chains codecs, as in nm(2, 4) |> int4(group=32)");
            return new BoundErrorExpression(b);
        }

        if (context == ExpressionContext.Sensitivity && b.Operator is not (BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide))
        {
            _diagnostics.ReportExpectedKind(opLocation, $"'{opText}'", "arithmetic (+, -, *, /)", "used in a sensitivity formula",
                "write a measure or a weighted sum, such as 0.5 * output_mse + 0.5 * output_kl");
            return new BoundErrorExpression(b);
        }

        if (context == ExpressionContext.Constant && !(b.Operator is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide))
        {
            _diagnostics.ReportExpectedKind(src.LocationOf(b), "this value", "a number", Describe(b));
            return new BoundErrorExpression(b);
        }

        if (b.Operator is BinaryOperator.Match or BinaryOperator.NotMatch)
        {
            return BindMatch(b, src, context);
        }

        var left = BindExpression(b.Left, src, context);
        var right = BindExpression(b.Right, src, context);
        if (left.Type == BoundType.Error || right.Type == BoundType.Error)
        {
            return new BoundErrorExpression(b);
        }

        switch (b.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                foreach (var side in new[] { left, right })
                {
                    if (side.Type != BoundType.Bool)
                    {
                        _diagnostics.ReportOperandType(src.LocationOf(side.Syntax), opText, "conditions on both sides", BoundTypes.Describe(side.Type));
                        return new BoundErrorExpression(b);
                    }
                }

                return new BoundBinary(b, b.Operator, left, right, BoundType.Bool, QuantityUnit.Scalar);
            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide:
                {
                    if (!RequireNumbers(b, left, right, src, opText))
                    {
                        return new BoundErrorExpression(b);
                    }

                    if (!CombineUnits(b.Operator, left.Unit, right.Unit, out var unit))
                    {
                        _diagnostics.ReportUnitMismatch(opLocation, opText, UnitName(left.Unit), UnitName(right.Unit));
                        return new BoundErrorExpression(b);
                    }

                    if (b.Operator == BinaryOperator.Divide && Evaluator.Constant(right) is { Number: 0 })
                    {
                        _diagnostics.ReportDivisionByZero(src.LocationOf(b.Right));
                        return new BoundErrorExpression(b);
                    }

                    return new BoundBinary(b, b.Operator, left, right, BoundType.Number, unit);
                }

            case BinaryOperator.In or BinaryOperator.NotIn:
                {
                    if (!BoundTypes.IsList(right.Type))
                    {
                        _diagnostics.ReportOperandType(src.LocationOf(b.Right), opText, "a list on the right, such as [Conv, Gemm]", BoundTypes.Describe(right.Type));
                        return new BoundErrorExpression(b);
                    }

                    var element = right.Type == BoundType.StringList ? BoundType.String : right.Type == BoundType.NumberList ? BoundType.Number : left.Type;
                    if (left.Type != element)
                    {
                        _diagnostics.ReportOperandType(src.LocationOf(b.Left), opText, BoundTypes.Describe(element) + " on the left", BoundTypes.Describe(left.Type));
                        return new BoundErrorExpression(b);
                    }

                    return new BoundBinary(b, b.Operator, left, right, BoundType.Bool, QuantityUnit.Scalar);
                }

            default: // comparisons
                {
                    if (IsBareComparison(b.Left) || IsBareComparison(b.Right))
                    {
                        _diagnostics.ReportChainedComparison(opLocation, opText);
                        return new BoundErrorExpression(b);
                    }

                    var ordering = b.Operator is BinaryOperator.Less or BinaryOperator.LessEqual or BinaryOperator.Greater or BinaryOperator.GreaterEqual;
                    if (ordering && !RequireNumbers(b, left, right, src, opText))
                    {
                        return new BoundErrorExpression(b);
                    }

                    if (left.Type != right.Type)
                    {
                        _diagnostics.ReportOperandType(src.LocationOf(b.Right), opText, "two values of one type",
                            $"{BoundTypes.Describe(left.Type)} and {BoundTypes.Describe(right.Type)}");
                        return new BoundErrorExpression(b);
                    }

                    if (left.Type == BoundType.Number && !CombineUnits(BinaryOperator.Add, left.Unit, right.Unit, out _))
                    {
                        _diagnostics.ReportUnitMismatch(opLocation, opText, UnitName(left.Unit), UnitName(right.Unit));
                        return new BoundErrorExpression(b);
                    }

                    return new BoundBinary(b, b.Operator, left, right, BoundType.Bool, QuantityUnit.Scalar);
                }
        }
    }

    private static bool IsBareComparison(ExpressionSyntax node) =>
        node is BinaryExpressionSyntax inner && Operators.Precedence(inner.Operator) == 5;

    private bool RequireNumbers(BinaryExpressionSyntax b, BoundExpression left, BoundExpression right, ParsedExpression src, string opText)
    {
        foreach (var side in new[] { left, right })
        {
            if (side.Type != BoundType.Number)
            {
                _diagnostics.ReportOperandType(src.LocationOf(side.Syntax), opText, "numbers", BoundTypes.Describe(side.Type));
                return false;
            }
        }

        _ = b;
        return true;
    }

    private BoundExpression BindMatch(BinaryExpressionSyntax b, ParsedExpression src, ExpressionContext context)
    {
        var opText = Operators.Text(b.Operator);
        var left = BindExpression(b.Left, src, context);
        if (left.Type == BoundType.Error)
        {
            return new BoundErrorExpression(b);
        }

        if (left.Type != BoundType.String)
        {
            _diagnostics.ReportOperandType(src.LocationOf(b.Left), opText, "a string on the left, such as name", BoundTypes.Describe(left.Type));
            return new BoundErrorExpression(b);
        }

        if (Unparenthesize(b.Right) is not StringExpressionSyntax pattern)
        {
            _diagnostics.ReportOperandType(src.LocationOf(b.Right), opText, "a quoted regular expression on the right, such as \"^backbone\\.\"", Describe(b.Right));
            return new BoundErrorExpression(b);
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern.Value, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException e)
        {
            _diagnostics.ReportInvalidRegex(src.LocationOf(pattern), RegexProblem(e));
            return new BoundErrorExpression(b);
        }

        return new BoundMatch(b, left, pattern.Value, regex, b.Operator == BinaryOperator.NotMatch);
    }

    private static string RegexProblem(ArgumentException e)
    {
        var message = e is RegexParseException p ? p.Error switch
        {
            RegexParseError.InsufficientClosingParentheses => "a '(' has no matching ')'",
            RegexParseError.InsufficientOpeningParentheses => "a ')' has no matching '('",
            RegexParseError.UnterminatedBracket => "a '[' has no matching ']'",
            RegexParseError.QuantifierAfterNothing => "a quantifier (*, +, ?) follows nothing",
            RegexParseError.NestedQuantifiersNotParenthesized => "two quantifiers in a row",
            RegexParseError.UnescapedEndingBackslash => "the pattern ends with a single backslash",
            _ => p.Error.ToString(),
        } : e.Message;
        return e is RegexParseException rp && rp.Offset > 0 ? $"{message} (at character {Format.Int(rp.Offset)})" : message;
    }

    private static bool CombineUnits(BinaryOperator op, QuantityUnit a, QuantityUnit b, out QuantityUnit result)
    {
        if (a == QuantityUnit.Scalar)
        {
            result = op == BinaryOperator.Divide ? QuantityUnit.Scalar : b;
            return true;
        }

        if (b == QuantityUnit.Scalar)
        {
            result = a;
            return true;
        }

        switch (op)
        {
            case BinaryOperator.Divide:
                result = QuantityUnit.Scalar;
                return a == b;
            case BinaryOperator.Multiply:
                result = a;
                return a == QuantityUnit.Count && b == QuantityUnit.Count;
            default:
                result = a;
                return a == b;
        }
    }

    private static string UnitName(QuantityUnit unit) => unit switch
    {
        QuantityUnit.Bytes => "a size in bytes",
        QuantityUnit.Count => "a count",
        QuantityUnit.Seconds => "a time in seconds",
        _ => "a plain number",
    };
}
