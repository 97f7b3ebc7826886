using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Produces the 1-D sequence <c>start, start + delta, ...</c> up to (excluding) <c>limit</c>, from three scalar inputs.</summary>
/// <remarks>The length is known when the inputs are (or <c>Range(0, n, 1)</c> with a symbolic n); small integer ranges
/// become shape values.</remarks>
public sealed class RangeOp : Op
{
    internal RangeOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } start || this.InputTensor(1) is not { } limit || this.InputTensor(2) is not { } delta)
        {
            return;
        }

        var elem = start.ElementType;
        if (limit.ElementType != elem || delta.ElementType != elem)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"start, limit and delta have different types {start}, {limit} and {delta}");
            return;
        }

        if (new[] { start, limit, delta }.Any(t => t.Dims is { } d && (d.Length > 1 || (d.Length == 1 && d[0].Value is not (null or 1)))))
        {
            context.Error(this, InferenceCodes.RankMismatch, $"start, limit and delta must be scalars, got {start}, {limit} and {delta}");
            return;
        }

        if (elem.IsInteger())
        {
            InferIntegers(context, elem);
            return;
        }

        var values = new[] { Input(0), Input(1), Input(2) }.Select(context.GetStaticDoubles).ToArray();
        if (values.Any(v => v is not { Length: 1 }))
        {
            this.SetResult(0, elem, [Dim.Unknown]);
            return;
        }

        var (s, l, d) = (values[0]![0], values[1]![0], values[2]![0]);
        if (d == 0)
        {
            context.Error(this, InferenceCodes.BadInput, "delta is 0");
            return;
        }

        var n = Math.Max(Math.Ceiling((l - s) / d), 0);
        this.SetResult(0, elem, [double.IsFinite(n) && n < long.MaxValue ? Dim.Of((long)n) : Dim.Unknown]);
    }

    private void InferIntegers(InferenceContext context, ElementType elem)
    {
        var s = context.GetShapeValue(Input(0));
        var l = context.GetShapeValue(Input(1));
        var d = context.GetShapeValue(Input(2));
        if (s is not { Length: 1 } || l is not { Length: 1 } || d is not { Length: 1 })
        {
            this.SetResult(0, elem, [Dim.Unknown]);
            return;
        }

        Dim start = s.Value[0], limit = l.Value[0], delta = d.Value[0];
        if (delta.Value == 0)
        {
            context.Error(this, InferenceCodes.BadInput, "delta is 0");
            return;
        }

        if (!start.IsStatic || !limit.IsStatic || !delta.IsStatic)
        {
            var length = start.Value == 0 && delta.Value == 1 && limit.Symbol is not null ? limit : Dim.Unknown;
            this.SetResult(0, elem, [length]);
            return;
        }

        long a = start.Value!.Value, step = delta.Value!.Value;
        var span = (Int128)limit.Value!.Value - a;
        var n = (long)(span != 0 && span > 0 == step > 0 ? ((Int128.Abs(span) - 1) / Int128.Abs(step)) + 1 : 0);
        this.SetResult(0, elem, [Dim.Of(n)]);
        if (n <= 64)
        {
            context.SetShapeValue(Result, [.. Enumerable.Range(0, (int)n).Select(i => Dim.Of(a + (i * step)))]);
        }
    }
}
