using Qc.Ir.Graph;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>CumSum along a constant axis (exclusive, reverse): each line along the axis is one parallel iteration whose
/// loop carries the running sum.</summary>
internal sealed class CumSumLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node) => node.Input(1) is { Constant: not null } ? null : "axis must be a constant";

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        var x = node.Inputs[0]!;
        var shape = x.Shape;
        ShapeHelpers.TryNormalizeAxis(node.Input(1)!.Constant!.ToInt64Array()[0], shape.Length, out var axis);
        var d = shape[axis];
        var inner = shape.Skip(axis + 1).Aggregate(1L, (p, v) => p * v);
        var outer = x.ElementCount / Math.Max(1, d * inner);
        var exclusive = node.Attributes.GetInt("exclusive", 0) != 0;
        var reverse = node.Attributes.GetInt("reverse", 0) != 0;
        var type = ElementwiseOps.Typed(x.ElementType, 1);
        var input = ctx.Buffer(x);
        var output = ctx.Buffer(node.Output);
        var b = ctx.NewKernel(node.Name);
        b.For(0, outer * inner, 1, t =>
        {
            var baseIndex = b.Affine(0, (b.Div(t, inner), d * inner), (b.Rem(t, inner), 1));
            b.For(0, d, 1, b.Const(type, 0.0), (i, acc) =>
            {
                var at = b.Affine(0, (baseIndex, 1), (reverse ? b.Sub(b.Index(d - 1), i) : i, inner));
                var sum = b.Add(acc, b.Load(input, at));
                b.Store(output, at, exclusive ? acc : sum);
                return sum;
            });
        }, parallel: true, name: "t");
    }
}
