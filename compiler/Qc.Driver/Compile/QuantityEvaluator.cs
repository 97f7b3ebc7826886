using Qc.Recipe.Binding;
using Qc.Recipe.Syntax.Expressions;

namespace Qc.Driver.Compile;

/// <summary>Evaluates the recipe's budgets (<c>size &lt;= 0.15 * fp32.size</c>), sensitivity formulas
/// (<c>0.5 * output_mse + 0.5 * hessian_proxy</c>) and accuracy gates (<c>top1_drop &lt;= 1%</c>) with values for the
/// quantities they name.</summary>
internal static class QuantityEvaluator
{
    /// <summary>The number an arithmetic expression gives, or null when a quantity it names has no value.</summary>
    public static double? Number(BoundExpression e, IReadOnlyDictionary<string, double> q) => e switch
    {
        BoundLiteral { Value.Type: BoundType.Number } l => l.Value.Number,
        BoundTotal t => t.Value,
        BoundQuantity x => q.TryGetValue(x.Name, out var v) ? v : null,
        BoundUnary { Operator: UnaryOperator.Negate } u => -Number(u.Operand, q),
        BoundFunctionCall { Name: "min" or "max" } c => MinMax(c, q),
        BoundBinary b when b.Operator is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide =>
            Number(b.Left, q) is { } x && Number(b.Right, q) is { } y
                ? b.Operator switch
                {
                    BinaryOperator.Add => x + y,
                    BinaryOperator.Subtract => x - y,
                    BinaryOperator.Multiply => x * y,
                    _ => x / y,
                }
                : null,
        _ => null,
    };

    /// <summary>The truth of a condition, or null when a quantity it names has no value.</summary>
    public static bool? Condition(BoundExpression e, IReadOnlyDictionary<string, double> q)
    {
        switch (e)
        {
            case BoundLiteral { Value.Type: BoundType.Bool } l:
                return l.Value.Bool;
            case BoundUnary { Operator: UnaryOperator.Not } u:
                return !Condition(u.Operand, q);
            case BoundBinary { Operator: BinaryOperator.And or BinaryOperator.Or } b:
                {
                    var x = Condition(b.Left, q);
                    var y = Condition(b.Right, q);
                    return x is null || y is null ? null : b.Operator == BinaryOperator.And ? x.Value && y.Value : x.Value || y.Value;
                }

            case BoundBinary b:
                {
                    if (Number(b.Left, q) is not { } x || Number(b.Right, q) is not { } y)
                    {
                        return null;
                    }

                    return b.Operator switch
                    {
                        BinaryOperator.Less => x < y,
                        BinaryOperator.LessEqual => x <= y,
                        BinaryOperator.Greater => x > y,
                        BinaryOperator.GreaterEqual => x >= y,
                        BinaryOperator.Equal => x == y,
                        BinaryOperator.NotEqual => x != y,
                        _ => null,
                    };
                }

            default:
                return null;
        }
    }

    /// <summary>The quantity names an expression reads.</summary>
    public static IEnumerable<string> Quantities(BoundExpression e) => e switch
    {
        BoundQuantity x => [x.Name],
        BoundUnary u => Quantities(u.Operand),
        BoundBinary b => Quantities(b.Left).Concat(Quantities(b.Right)),
        BoundFunctionCall c => c.Arguments.SelectMany(Quantities),
        _ => [],
    };

    /// <summary>A budget as an upper limit on one quantity: <c>size &lt;= 0.15 * fp32.size</c> gives (size, 0.15·fp32.size).
    /// Any comparison that is linear in exactly one quantity, with the quantity bounded from above, works; null otherwise.</summary>
    public static (string Resource, double Limit)? UpperLimit(BoundExpression e)
    {
        if (e is not BoundBinary { Operator: BinaryOperator.Less or BinaryOperator.LessEqual or BinaryOperator.Greater or BinaryOperator.GreaterEqual } b)
        {
            return null;
        }

        var names = Quantities(e).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count != 1)
        {
            return null;
        }

        // g(q) = left − right (or right − left for >=), linear in q: g(q) = a·q + c; the budget is g(q) <= 0.
        var sign = b.Operator is BinaryOperator.Less or BinaryOperator.LessEqual ? 1.0 : -1.0;
        double? G(double v)
        {
            var env = new Dictionary<string, double>(StringComparer.Ordinal) { [names[0]] = v };
            return Number(b.Left, env) is { } l && Number(b.Right, env) is { } r ? sign * (l - r) : null;
        }

        if (G(0) is not { } c || G(1) is not { } g1 || G(2) is not { } g2)
        {
            return null;
        }

        var a = g1 - c;
        if (a <= 0 || Math.Abs(g2 - (c + (2 * a))) > 1e-9 * Math.Max(1, Math.Abs(g2)))
        {
            return null;
        }

        return (names[0], -c / a);
    }

    private static double? MinMax(BoundFunctionCall c, IReadOnlyDictionary<string, double> q)
    {
        var values = c.Arguments.Select(a => Number(a, q)).ToList();
        return values.Any(v => v is null) || values.Count == 0 ? null : c.Name == "min" ? values.Min() : values.Max();
    }
}
