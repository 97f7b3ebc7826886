using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>ReduceMean, ReduceSum, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum
/// and ReduceLogSumExp over constant axes (keepdims, noop_with_empty_axes); ArgMax and ArgMin.</summary>
/// <remarks>Each output element is one iteration of a parallel loop; the reduced axes are loops carrying the
/// accumulator. When the reduced axes are the trailing ones, they form one contiguous row reduced with vectors.
/// ReduceLogSumExp subtracts the maximum first.</remarks>
internal sealed class ReduceLowering : IOpLowering
{
    /// <summary>The op types this lowering handles.</summary>
    public static readonly string[] OpTypes =
    [
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceSumSquare",
        "ReduceLogSum", "ReduceLogSumExp", "ArgMax", "ArgMin",
    ];

    /// <inheritdoc/>
    public string? Check(LNode node)
    {
        if (node.OpType is "ArgMax" or "ArgMin")
        {
            return node.Output.ElementType == ElementType.I64 ? null : "the result must be i64";
        }

        if (node.Input(1) is { Constant: null })
        {
            return "axes must be a constant";
        }

        return node.OpType is "ReduceMax" or "ReduceMin" or "ReduceSum" or "ReduceProd" || node.Inputs[0]!.ElementType.IsFloat()
            ? null
            : "the input must be a float tensor";
    }

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        if (node.OpType is "ArgMax" or "ArgMin")
        {
            LowerArg(node, ctx);
            return;
        }

        var x = node.Inputs[0]!;
        var shape = x.Shape;
        var rank = shape.Length;
        var axes = Axes(node, rank);
        if (axes.Length == 0)
        {
            DataMovementLowering.Copy(ctx, node.Name, x, node.Output);
            return;
        }

        var reduced = new bool[rank];
        foreach (var a in axes)
        {
            reduced[a] = true;
        }

        var keptShape = Enumerable.Range(0, rank).Select(k => reduced[k] ? 1 : shape[k]).ToArray();
        var extents = axes.Select(a => shape[a]).ToArray();
        var strides = DataMovementLowering.Strides(shape);
        var count = extents.Aggregate(1L, (p, v) => p * v);
        var type = ElementwiseOps.Typed(x.ElementType, 1);
        var input = ctx.Buffer(x);
        var output = ctx.Buffer(node.Output);
        var op = node.OpType;
        var trailing = axes.SequenceEqual(Enumerable.Range(rank - axes.Length, axes.Length));
        var b = ctx.NewKernel(node.Name);
        b.For(0, keptShape.Aggregate(1L, (p, v) => p * v), 1, t =>
        {
            var kept = Rows.Unflatten(b, t, keptShape);
            var baseIndex = b.Affine(0, [.. Enumerable.Range(0, rank).Where(k => !reduced[k]).Select(k => ((IndexArg)kept[k], strides[k]))]);
            var max = op == "ReduceLogSumExp" ? Fold(Opcode.Max, Rows.Lowest(b, type), v => v) : null;
            var acc = op switch
            {
                "ReduceMax" => Fold(Opcode.Max, Rows.Lowest(b, type), v => v),
                "ReduceMin" => Fold(Opcode.Min, Rows.Highest(b, type), v => v),
                "ReduceProd" => Fold(Opcode.Mul, b.Const(type, 1.0), v => v),
                "ReduceL1" => Fold(Opcode.Add, b.Const(type, 0.0), b.Abs),
                "ReduceL2" or "ReduceSumSquare" => Fold(Opcode.Add, b.Const(type, 0.0), v => b.Mul(v, v)),
                "ReduceLogSumExp" => Fold(Opcode.Add, b.Const(type, 0.0), v => b.Exp(b.Sub(v, max!.Type.IsVector || !v.Type.IsVector ? max : b.Broadcast(max, v.Type.Lanes)))),
                _ => Fold(Opcode.Add, b.Const(type, 0.0), v => v),
            };
            var result = op switch
            {
                "ReduceMean" => b.Div(acc, b.Const(type, count)),
                "ReduceL2" => b.Sqrt(acc),
                "ReduceLogSum" => b.Log(acc),
                "ReduceLogSumExp" => b.Add(b.Log(acc), max!),
                _ => acc,
            };
            b.Store(output, t, result);

            KernelValue Fold(Opcode combine, KernelValue init, Func<KernelValue, KernelValue> map)
            {
                if (trailing && combine != Opcode.Mul)
                {
                    return Rows.Reduce(b, count, ctx.Lanes, init, combine, (j, l) =>
                        map(l > 1 ? b.VLoad(input, b.Add(baseIndex, j), l) : b.Load(input, b.Add(baseIndex, j))));
                }

                return Nest(0, baseIndex, init);

                KernelValue Nest(int q, KernelValue index, KernelValue a) => q == axes.Length
                    ? b.Op(combine, a.Type, a, map(b.Load(input, index)))
                    : b.For(0, extents[q], 1, a, (i, inner) => Nest(q + 1, b.Affine(0, (index, 1), (i, strides[axes[q]])), inner));
            }
        }, parallel: true, name: "t");
    }

    /// <summary>ArgMax / ArgMin along one axis: the loop carries the best value and its index (the first one, or the
    /// last with select_last_index).</summary>
    private static void LowerArg(LNode node, LoweringContext ctx)
    {
        var x = node.Inputs[0]!;
        var shape = x.Shape;
        ShapeHelpers.TryNormalizeAxis(node.Attributes.GetInt("axis", 0), shape.Length, out var axis);
        var last = node.Attributes.GetInt("select_last_index", 0) != 0;
        var max = node.OpType == "ArgMax";
        var kept = shape.Select((d, k) => k == axis ? 1 : d).ToArray();
        var strides = DataMovementLowering.Strides(shape);
        var type = ElementwiseOps.Typed(x.ElementType, 1);
        var input = ctx.Buffer(x);
        var output = ctx.Buffer(node.Output);
        var b = ctx.NewKernel(node.Name);
        b.For(0, kept.Aggregate(1L, (p, v) => p * v), 1, t =>
        {
            var idx = Rows.Unflatten(b, t, kept);
            var baseIndex = b.Affine(0, [.. Enumerable.Range(0, shape.Length).Where(k => k != axis).Select(k => ((IndexArg)idx[k], strides[k]))]);
            var start = max ? Rows.Lowest(b, type) : Rows.Highest(b, type);
            var best = b.For(0, shape[axis], 1, [start, b.Index(0)], (i, acc) =>
            {
                var v = b.Load(input, b.Affine(0, (baseIndex, 1), (i, strides[axis])));
                var better = (max, last) switch
                {
                    (true, false) => b.Gt(v, acc[0]),
                    (true, true) => b.Ge(v, acc[0]),
                    (false, false) => b.Lt(v, acc[0]),
                    _ => b.Le(v, acc[0]),
                };
                better = b.Or(better, b.Eq(i, b.Index(0)));
                return [b.Select(better, v, acc[0]), b.Select(better, i, acc[1])];
            });
            b.Store(output, t, best[1]);
        }, parallel: true, name: "t");
    }

    private static int[] Axes(LNode node, int rank)
    {
        var axes = node.Input(1)?.Constant?.ToInt64Array() ?? node.Attributes.GetInts("axes")?.ToArray() ?? [];
        if (axes.Length == 0)
        {
            return node.Attributes.GetInt("noop_with_empty_axes", 0) != 0 ? [] : [.. Enumerable.Range(0, rank)];
        }

        return [.. axes.Select(a => ShapeHelpers.TryNormalizeAxis(a, rank, out var n) ? n : 0).Distinct().Order()];
    }
}
