using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Softmax and LogSoftmax along any axis, numerically stable: the row maximum is subtracted before exp; and
/// Hardmax (1 at the first maximum of each row, 0 elsewhere).</summary>
/// <remarks>The tensor is viewed as [outer, D, inner] around the axis; each (outer, inner) row is one parallel
/// iteration with three passes (max, sum of exp, write). Rows along the last axis use vector accumulators.</remarks>
internal sealed class SoftmaxLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node) => node.Inputs[0]!.ElementType.IsFloat() ? null : "the input must be a float tensor";

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        var x = node.Inputs[0]!;
        var shape = x.Shape;
        ShapeHelpers.TryNormalizeAxis(node.Attributes.GetInt("axis", -1), Math.Max(1, shape.Length), out var axis);
        var d = shape.Length == 0 ? 1 : shape[axis];
        var inner = shape.Skip(axis + 1).Aggregate(1L, (p, v) => p * v);
        var outer = x.ElementCount / Math.Max(1, d * inner);
        var type = ElementwiseOps.Typed(x.ElementType, 1);
        var input = ctx.Buffer(x);
        var output = ctx.Buffer(node.Output);
        var log = node.OpType == "LogSoftmax";
        var lanes = inner == 1 ? ctx.Lanes : 1;
        var b = ctx.NewKernel(node.Name);
        b.For(0, outer * inner, 1, t =>
        {
            var o = inner == 1 ? t : b.Div(t, inner);
            var i = inner == 1 ? b.Index(0) : b.Rem(t, inner);
            var baseIndex = b.Affine(0, (o, d * inner), (i, 1));
            KernelValue At(KernelValue j) => b.Affine(0, (baseIndex, 1), (j, inner));
            KernelValue Load(KernelValue j, int l) => l > 1 ? b.VLoad(input, At(j), l) : b.Load(input, At(j));
            if (node.OpType == "Hardmax")
            {
                var first = b.For(0, d, 1, [Rows.Lowest(b, type), b.Index(0)], (j, acc) =>
                {
                    var v = Load(j, 1);
                    var better = b.Or(b.Gt(v, acc[0]), b.Eq(j, b.Index(0)));
                    return [b.Select(better, v, acc[0]), b.Select(better, j, acc[1])];
                })[1];
                b.For(0, d, 1, j => b.Store(output, At(j), b.Select(b.Eq(j, first), b.Const(type, 1.0), b.Const(type, 0.0))));
                return;
            }
            var max = Rows.Reduce(b, d, lanes, Rows.Lowest(b, type), Opcode.Max, Load);
            var sum = Rows.Reduce(b, d, lanes, b.Const(type, 0.0), Opcode.Add,
                (j, l) => b.Exp(b.Sub(Load(j, l), l > 1 ? b.Broadcast(max, l) : max)));
            var shift = log ? b.Add(max, b.Log(sum)) : max;
            ElementwiseEmitter.LoopWithTail(b, d, lanes, (j, l) =>
            {
                var s = l > 1 ? b.Broadcast(shift, l) : shift;
                var v = b.Sub(Load(j, l), s);
                b.Store(output, At(j), log ? v : b.Div(b.Exp(v), l > 1 ? b.Broadcast(sum, l) : sum));
            });
        }, parallel: true, name: "t");
    }
}
