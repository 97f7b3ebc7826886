using System.Diagnostics;
using System.Text.RegularExpressions;
using Qc.Ir.Graph;
using Qc.Recipe.Model;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>Evaluates bound expressions for one layer (selectors) or without one (constants).</summary>
public static class Evaluator
{
    /// <summary>The value for a layer; facts read without a layer are unknown.</summary>
    public static ExprValue Evaluate(BoundExpression expression, LayerFacts? layer)
    {
        ArgumentNullException.ThrowIfNull(expression);
        switch (expression)
        {
            case BoundLiteral l:
                return l.Value;
            case BoundTotal t:
                return t.Value is { } v ? ExprValue.Of(v) : ExprValue.Unknown;
            case BoundFact f:
                return layer is null ? ExprValue.Unknown : FactValue(f.Fact, layer);
            case BoundAttribute a:
                return layer is null ? ExprValue.Unknown : AttributeValue(layer, a.Name);
            case BoundList list:
                return ExprValue.List(list.Type, [.. list.Items.Select(i => Evaluate(i, layer))]);
            case BoundUnary u:
                {
                    var x = Evaluate(u.Operand, layer);
                    if (x.IsUnknown)
                    {
                        return x;
                    }

                    return u.Operator == UnaryOperator.Negate ? ExprValue.Of(-x.Number) : ExprValue.Of(!x.Bool);
                }

            case BoundBinary b:
                return Binary(b, layer);
            case BoundMatch m:
                {
                    var x = Evaluate(m.Target, layer);
                    if (x.IsUnknown || x.String is null)
                    {
                        return ExprValue.Of(false);
                    }

                    bool found;
                    try
                    {
                        found = m.Regex.IsMatch(x.String);
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        found = false;
                    }

                    return ExprValue.Of(found != m.Negated);
                }

            case BoundIndex ix:
                {
                    var list = Evaluate(ix.Target, layer);
                    var index = Evaluate(ix.Index, layer);
                    if (list.IsUnknown || index.IsUnknown)
                    {
                        return ExprValue.Unknown;
                    }

                    var i = (long)Math.Floor(index.Number);
                    if (i < 0)
                    {
                        i += list.Items.Length;
                    }

                    return i >= 0 && i < list.Items.Length ? list.Items[(int)i] : ExprValue.Unknown;
                }

            case BoundFunctionCall call:
                return Call(call, layer);
            default:
                return ExprValue.Unknown;
        }
    }

    /// <summary>The constant value of an expression that does not depend on a layer, or null.</summary>
    public static ExprValue? Constant(BoundExpression expression)
    {
        if (!IsConstant(expression))
        {
            return null;
        }

        var v = Evaluate(expression, null);
        return v.IsUnknown ? null : v;
    }

    private static bool IsConstant(BoundExpression e) => e switch
    {
        BoundLiteral => true,
        BoundTotal t => t.Value.HasValue,
        BoundList l => l.Items.All(IsConstant),
        BoundUnary u => IsConstant(u.Operand),
        BoundBinary b => IsConstant(b.Left) && IsConstant(b.Right),
        BoundIndex i => IsConstant(i.Target) && IsConstant(i.Index),
        BoundFunctionCall c => c.Arguments.All(IsConstant),
        _ => false,
    };

    private static ExprValue Binary(BoundBinary b, LayerFacts? layer)
    {
        // and/or short-circuit; unknown operands make comparisons false
        if (b.Operator == BinaryOperator.And)
        {
            var l = Evaluate(b.Left, layer);
            return ExprValue.Of(!l.IsUnknown && l.Bool && Evaluate(b.Right, layer) is { IsUnknown: false, Bool: true });
        }

        if (b.Operator == BinaryOperator.Or)
        {
            var l = Evaluate(b.Left, layer);
            return ExprValue.Of(l is { IsUnknown: false, Bool: true } || Evaluate(b.Right, layer) is { IsUnknown: false, Bool: true });
        }

        var x = Evaluate(b.Left, layer);
        var y = Evaluate(b.Right, layer);
        switch (b.Operator)
        {
            case BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Add or BinaryOperator.Subtract:
                if (x.IsUnknown || y.IsUnknown)
                {
                    return ExprValue.Unknown;
                }

                var r = b.Operator switch
                {
                    BinaryOperator.Multiply => x.Number * y.Number,
                    BinaryOperator.Divide => y.Number == 0 ? double.NaN : x.Number / y.Number,
                    BinaryOperator.Add => x.Number + y.Number,
                    _ => x.Number - y.Number,
                };
                return double.IsFinite(r) ? ExprValue.Of(r) : ExprValue.Unknown;
            case BinaryOperator.Equal:
                return ExprValue.Of(x.SameAs(y));
            case BinaryOperator.NotEqual:
                return ExprValue.Of(!x.IsUnknown && !y.IsUnknown && !x.SameAs(y));
            case BinaryOperator.Less or BinaryOperator.LessEqual or BinaryOperator.Greater or BinaryOperator.GreaterEqual:
                if (x.IsUnknown || y.IsUnknown)
                {
                    return ExprValue.Of(false);
                }

                return ExprValue.Of(b.Operator switch
                {
                    BinaryOperator.Less => x.Number < y.Number,
                    BinaryOperator.LessEqual => x.Number <= y.Number,
                    BinaryOperator.Greater => x.Number > y.Number,
                    _ => x.Number >= y.Number,
                });
            case BinaryOperator.In or BinaryOperator.NotIn:
                if (x.IsUnknown || y.IsUnknown)
                {
                    return ExprValue.Of(false);
                }

                var contained = y.Items.Any(i => i.SameAs(x));
                return ExprValue.Of(contained == (b.Operator == BinaryOperator.In));
            default:
                return ExprValue.Unknown;
        }
    }

    private static ExprValue Call(BoundFunctionCall call, LayerFacts? layer)
    {
        var args = call.Arguments.Select(a => Evaluate(a, layer)).ToList();
        if (args.Any(a => a.IsUnknown))
        {
            return ExprValue.Unknown;
        }

        return call.Name switch
        {
            "len" => ExprValue.Of(args[0].Type == BoundType.String ? args[0].String!.Length : args[0].Items.Length),
            "min" => ExprValue.Of(args.Min(a => a.Number)),
            "max" => ExprValue.Of(args.Max(a => a.Number)),
            _ => throw new UnreachableException(call.Name),
        };
    }

    /// <summary>The value of a fact for a layer.</summary>
    public static ExprValue FactValue(Fact fact, LayerFacts layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return fact switch
        {
            Fact.Op => ExprValue.Of(layer.OpType),
            Fact.Name => ExprValue.Of(layer.Name),
            Fact.Weight => ExprValue.Of(layer.Weight),
            Fact.Output => ExprValue.Of(layer.Output),
            Fact.Inputs => ExprValue.List(BoundType.StringList, [.. layer.Inputs.Select(ExprValue.Of)]),
            Fact.Shape => ExprValue.List(BoundType.NumberList, [.. layer.Shape.Select(d => ExprValue.Of(d))]),
            Fact.Params => ExprValue.Of(layer.Params),
            Fact.Macs => layer.Macs is { } m ? ExprValue.Of(m) : ExprValue.Unknown,
            Fact.OutChannels => ExprValue.Of(layer.OutChannels),
            Fact.InChannels => ExprValue.Of(layer.InChannels),
            Fact.Reduced => ExprValue.Of(layer.Reduced),
            Fact.Group => ExprValue.Of(layer.Group),
            Fact.Depth => ExprValue.Of(layer.Depth),
            Fact.Index => ExprValue.Of(layer.Index),
            Fact.IsFirst => ExprValue.Of(layer.IsFirst),
            Fact.IsLast => ExprValue.Of(layer.IsLast),
            Fact.IsDepthwise => ExprValue.Of(layer.IsDepthwise),
            _ => throw new UnreachableException(fact.ToString()),
        };
    }

    private static ExprValue AttributeValue(LayerFacts layer, string name)
    {
        if (!layer.Attributes.TryGet(name, out var value))
        {
            return ExprValue.Unknown;
        }

        return value switch
        {
            IntAttr i => ExprValue.Of(i.Value),
            FloatAttr f => ExprValue.Of(f.Value),
            StringAttr s => ExprValue.Of(s.Value),
            IntsAttr ints => ExprValue.List(BoundType.NumberList, [.. ints.Values.Select(v => ExprValue.Of(v))]),
            FloatsAttr floats => ExprValue.List(BoundType.NumberList, [.. floats.Values.Select(v => ExprValue.Of(v))]),
            StringsAttr strings => ExprValue.List(BoundType.StringList, [.. strings.Values.Select(ExprValue.Of)]),
            _ => ExprValue.Unknown,
        };
    }

    /// <summary>The bound type of an attribute value (Error for kinds expressions cannot use).</summary>
    public static BoundType AttributeType(AttributeValue value) => value switch
    {
        IntAttr or FloatAttr => BoundType.Number,
        StringAttr => BoundType.String,
        IntsAttr or FloatsAttr => BoundType.NumberList,
        StringsAttr => BoundType.StringList,
        _ => BoundType.Error,
    };
}
