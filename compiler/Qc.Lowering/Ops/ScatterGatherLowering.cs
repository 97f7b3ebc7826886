using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Index-driven data movement: GatherND (batch_dims), ScatterND and ScatterElements (reduction none, add, mul,
/// max, min) and the deprecated Scatter. Indices are read at run time; a negative index gets the dimension size added
/// and every index is then clamped into [0, dim − 1], so no load or store leaves its buffer. A scatter first copies
/// <c>data</c> to the result (a parallel copy kernel), then applies the updates in index order in a sequential kernel,
/// so duplicate indices reduce in order and, without a reduction, the last update wins.</summary>
internal sealed class ScatterGatherLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node) => node.Inputs[0]!.ElementCount == 0 && node.Inputs[1]!.ElementCount > 0
        ? "data has no elements to index"
        : node.OpType == "GatherND" ? CheckGatherNd(node) : CheckScatter(node);

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        if (node.OpType == "GatherND")
        {
            GatherNd(node, ctx);
            return;
        }

        DataMovementLowering.Copy(ctx, node.Name + "_copy", node.Inputs[0]!, node.Output);
        if (node.Inputs[2]!.ElementCount == 0)
        {
            return;
        }

        if (node.OpType == "ScatterND")
        {
            ScatterNd(node, ctx);
        }
        else
        {
            ScatterElements(node, ctx);
        }
    }

    private static string? CheckGatherNd(LNode node)
    {
        var (rank, indexRank, batch) = (node.Inputs[0]!.Shape.Length, node.Inputs[1]!.Shape.Length, BatchDims(node));
        if (indexRank == 0)
        {
            return "indices must have rank 1 or more";
        }

        if (batch < 0 || batch >= Math.Min(rank, indexRank))
        {
            return $"batch_dims {batch} must be below the ranks of data and indices";
        }

        var k = TupleLength(node);
        return k < 1 || k > rank - batch ? $"index tuples of length {k} do not fit data of rank {rank} with {batch} batch axes" : null;
    }

    private static string? CheckScatter(LNode node)
    {
        var data = node.Inputs[0]!;
        var reduction = node.Attributes.GetString("reduction", "none");
        if (reduction is not ("none" or "add" or "mul" or "max" or "min"))
        {
            return $"reduction '{reduction}' is not supported";
        }

        if (reduction != "none" && data.ElementType == ElementType.Bool)
        {
            return $"reduction '{reduction}' needs numeric data, not bool";
        }

        if (node.OpType != "ScatterND")
        {
            return ShapeHelpers.TryNormalizeAxis(node.Attributes.GetInt("axis", 0), data.Shape.Length, out _) ? null : "axis is out of range";
        }

        return node.Inputs[1]!.Shape.Length == 0 ? "indices must have rank 1 or more"
            : TupleLength(node) is var k && (k < 1 || k > data.Shape.Length) ? $"index tuples of length {k} do not fit data of rank {data.Shape.Length}"
            : null;
    }

    private static int BatchDims(LNode node) => (int)node.Attributes.GetInt("batch_dims", 0);

    /// <summary>The length of one index tuple of GatherND/ScatterND (the last axis of indices).</summary>
    private static int TupleLength(LNode node) => (int)node.Inputs[1]!.Shape[^1];

    /// <summary>indices[at] as i64, made non-negative by adding <paramref name="dim"/> and clamped into [0, dim − 1].</summary>
    private static KernelValue ClampedIndex(KernelBuilder b, KernelBuffer indices, IndexArg at, long dim)
    {
        var raw = b.Cast(b.Load(indices, at), ScalarKind.I64);
        var j = b.Select(b.Lt(raw, b.Index(0)), b.Add(raw, b.Index(dim)), raw);
        return b.Clamp(j, b.Index(0), b.Index(dim - 1));
    }

    /// <summary>The data offset addressed by the index tuple at <paramref name="outer"/> (all axes of indices but the
    /// last): the first <paramref name="batch"/> axes of data follow the outer indices, the next k axes the tuple.</summary>
    private static KernelValue TupleOffset(KernelBuilder b, KernelBuffer indices, long[] indexShape, long[] dataShape, int batch,
        IReadOnlyList<KernelValue> outer)
    {
        var k = (int)indexShape[^1];
        var strides = DataMovementLowering.Strides(dataShape);
        var indexStrides = DataMovementLowering.Strides(indexShape);
        var first = b.Affine(0, [.. outer.Select((v, a) => ((IndexArg)v, indexStrides[a]))]);
        var terms = new List<(IndexArg, long)>();
        for (var a = 0; a < batch; a++)
        {
            terms.Add((outer[a], strides[a]));
        }

        for (var t = 0; t < k; t++)
        {
            terms.Add((ClampedIndex(b, indices, b.Add(first, t), dataShape[batch + t]), strides[batch + t]));
        }

        return b.Affine(0, [.. terms]);
    }

    /// <summary>GatherND: for each index tuple (parallel), copies the addressed slice of data (contiguous, vectorized).</summary>
    private static void GatherNd(LNode node, LoweringContext ctx)
    {
        var data = node.Inputs[0]!;
        var indices = node.Inputs[1]!;
        var batch = BatchDims(node);
        var outer = indices.Shape[..^1];
        var slice = TensorData.ElementCountOf(data.Shape[(batch + TupleLength(node))..]);
        if (node.Output.ElementCount == 0)
        {
            return;
        }

        var b = ctx.NewKernel(node.Name);
        var outerStrides = DataMovementLowering.Strides(outer);
        b.ForEach(outer, idx =>
        {
            var src = TupleOffset(b, ctx.Buffer(indices), indices.Shape, data.Shape, batch, idx);
            var dst = b.Affine(0, [.. idx.Select((v, a) => ((IndexArg)v, outerStrides[a] * slice))]);
            ElementwiseEmitter.LoopWithTail(b, slice, ctx.Lanes, (j, l) =>
            {
                var at = b.Add(src, j);
                b.Store(ctx.Buffer(node.Output), b.Add(dst, j), l > 1 ? b.VLoad(ctx.Buffer(data), at, l) : b.Load(ctx.Buffer(data), at));
            });
        }, parallel: true);
    }

    /// <summary>ScatterND: the result is data with each addressed slice replaced by (or reduced with) its updates.</summary>
    private static void ScatterNd(LNode node, LoweringContext ctx)
    {
        var (data, indices, updates) = (node.Inputs[0]!, node.Inputs[1]!, node.Inputs[2]!);
        var outer = indices.Shape[..^1];
        var slice = TensorData.ElementCountOf(data.Shape[TupleLength(node)..]);
        var reduction = node.Attributes.GetString("reduction", "none");
        var output = ctx.Buffer(node.Output);
        var b = ctx.NewKernel(node.Name);
        var outerStrides = DataMovementLowering.Strides(outer);
        SequentialForEach(b, outer, idx =>
        {
            var dst = TupleOffset(b, ctx.Buffer(indices), indices.Shape, data.Shape, 0, idx);
            var src = b.Affine(0, [.. idx.Select((v, a) => ((IndexArg)v, outerStrides[a] * slice))]);
            ElementwiseEmitter.LoopWithTail(b, slice, ctx.Lanes, (j, l) =>
            {
                var at = b.Add(dst, j);
                var u = l > 1 ? b.VLoad(ctx.Buffer(updates), b.Add(src, j), l) : b.Load(ctx.Buffer(updates), b.Add(src, j));
                b.Store(output, at, Reduce(b, reduction, () => l > 1 ? b.VLoad(output, at, l) : b.Load(output, at), u));
            });
        });
    }

    /// <summary>ScatterElements: the result at idx with the axis coordinate replaced by indices[idx] becomes (or is
    /// reduced with) updates[idx], for every idx of indices in row-major order.</summary>
    private static void ScatterElements(LNode node, LoweringContext ctx)
    {
        var (data, indices, updates) = (node.Inputs[0]!, node.Inputs[1]!, node.Inputs[2]!);
        ShapeHelpers.TryNormalizeAxis(node.Attributes.GetInt("axis", 0), data.Shape.Length, out var axis);
        var reduction = node.Attributes.GetString("reduction", "none");
        var strides = DataMovementLowering.Strides(data.Shape);
        var output = ctx.Buffer(node.Output);
        var b = ctx.NewKernel(node.Name);
        SequentialForEach(b, indices.Shape, idx =>
        {
            var flat = b.FlatIndex(indices.Shape, [.. idx.Select(v => (IndexArg)v)]);
            var j = ClampedIndex(b, ctx.Buffer(indices), flat, data.Shape[axis]);
            var at = b.Affine(0, [.. idx.Select((v, k) => ((IndexArg)(k == axis ? j : v), strides[k]))]);
            b.Store(output, at, Reduce(b, reduction, () => b.Load(output, at), b.Load(ctx.Buffer(updates), flat)));
        });
    }

    /// <summary>The value a scatter stores: the update, or the update combined with the current element.</summary>
    private static KernelValue Reduce(KernelBuilder b, string reduction, Func<KernelValue> current, KernelValue update) => reduction switch
    {
        "add" => b.Add(current(), update),
        "mul" => b.Mul(current(), update),
        "max" => b.Max(current(), update),
        "min" => b.Min(current(), update),
        _ => update,
    };

    /// <summary>A sequential loop nest over <paramref name="extents"/> (one iteration of an extra loop for a scalar
    /// nest, so that no loop inside is outermost and none is marked parallel).</summary>
    private static void SequentialForEach(KernelBuilder b, long[] extents, Action<IReadOnlyList<KernelValue>> body)
    {
        if (extents.Length > 0)
        {
            b.ForEach(extents, idx => body(idx));
            return;
        }

        b.For(0, 1, 1, _ => body([]));
    }
}
