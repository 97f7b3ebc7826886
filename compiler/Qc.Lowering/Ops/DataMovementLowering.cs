using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Ops that move elements without arithmetic: Concat, Split, Slice, Transpose, Pad, Gather, Tile,
/// DepthToSpace, SpaceToDepth, GatherElements, Trilu, and Range.
/// Copies are strided loop nests whose contiguous innermost axis is copied with vector loads and stores.</summary>
internal sealed class DataMovementLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node)
    {
        switch (node.OpType)
        {
            case "Slice" when node.Inputs.Skip(1).Any(v => v is not null && v.Constant is null):
                return "starts, ends, axes and steps must be constants";
            case "Pad" when node.Input(1)?.Constant is null || node.Input(3) is { Constant: null }:
                return "pads and axes must be constants";
            case "Pad" when node.Attributes.GetString("mode", "constant") is not ("constant" or "reflect" or "edge" or "wrap"):
                return $"mode '{node.Attributes.GetString("mode", "")}' is not supported";
            case "Pad" when node.Attributes.GetString("mode", "constant") == "reflect" && node.Inputs[0]!.Shape.Any(d => d < 2):
                return "reflect padding needs every padded axis to have at least 2 elements";
            case "DepthToSpace" or "SpaceToDepth" when node.Inputs[0]!.Shape.Length != 4:
                return "the input must have rank 4";
            case "Trilu" when node.Input(1) is { Constant: null }:
                return "k must be a constant";
            case "Trilu" when node.Inputs[0]!.Shape.Length < 2:
                return "the input needs rank 2 or more";
            case "Range" when node.Inputs.Any(v => v?.Constant is null):
                return "start, limit and delta must be constants";
            default:
                return null;
        }
    }

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        switch (node.OpType)
        {
            case "Concat":
                Concat(node, ctx);
                break;
            case "Split":
                Split(node, ctx);
                break;
            case "Slice":
                Slice(node, ctx);
                break;
            case "Transpose":
                Transpose(node, ctx);
                break;
            case "Pad":
                Pad(node, ctx);
                break;
            case "Gather":
                Gather(node, ctx);
                break;
            case "Tile":
                Tile(node, ctx);
                break;
            case "Range":
                Range(node, ctx);
                break;
            case "DepthToSpace" or "SpaceToDepth":
                DepthSpace(node, ctx);
                break;
            case "GatherElements":
                GatherElements(node, ctx);
                break;
            case "Trilu":
                Trilu(node, ctx);
                break;
            default:
                throw new InvalidOperationException(node.OpType);
        }
    }

    /// <summary>Copies all elements of <paramref name="from"/> to <paramref name="to"/> (same element count, row-major).</summary>
    public static void Copy(LoweringContext ctx, string name, LValue from, LValue to)
    {
        var b = ctx.NewKernel(name);
        StridedCopy(b, ctx.Lanes, ctx.Buffer(from), 0, [1], ctx.Buffer(to), 0, [1], [from.ElementCount]);
    }

    /// <summary>A loop nest over <paramref name="shape"/> copying src[srcOffset + Σ i_k·srcStrides_k] to
    /// dst[dstOffset + Σ i_k·dstStrides_k]; mergeable axes are merged and a contiguous last axis is vectorized.</summary>
    public static void StridedCopy(KernelBuilder b, int lanes, KernelBuffer src, long srcOffset, long[] srcStrides,
        KernelBuffer dst, long dstOffset, long[] dstStrides, long[] shape)
    {
        if (shape.Any(d => d == 0))
        {
            return;
        }

        var s = srcStrides.ToList();
        var d = dstStrides.ToList();
        var n = shape.ToList();
        for (var k = n.Count - 2; k >= 0; k--)
        {
            if (s[k] == s[k + 1] * n[k + 1] && d[k] == d[k + 1] * n[k + 1])
            {
                n[k] *= n[k + 1];
                s[k] = s[k + 1];
                d[k] = d[k + 1];
                n.RemoveAt(k + 1);
                s.RemoveAt(k + 1);
                d.RemoveAt(k + 1);
            }
        }

        if (n.Count == 0)
        {
            b.Store(dst, dstOffset, b.Load(src, srcOffset));
            return;
        }

        var vector = lanes > 1 && s[^1] == 1 && d[^1] == 1 && n[^1] >= lanes ? lanes : 1;
        b.ForEach(n.Take(n.Count - 1).ToArray(), outer => ElementwiseEmitter.LoopWithTail(b, n[^1], vector, (j, l) =>
        {
            var si = b.Affine(srcOffset, [.. outer.Select((v, k) => ((IndexArg)v, s[k])), (j, s[^1])]);
            var di = b.Affine(dstOffset, [.. outer.Select((v, k) => ((IndexArg)v, d[k])), (j, d[^1])]);
            b.Store(dst, di, l > 1 ? b.VLoad(src, si, l) : b.Load(src, si));
        }), parallel: true);
    }

    /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
    public static long[] Strides(long[] shape)
    {
        var s = new long[shape.Length];
        long acc = 1;
        for (var k = shape.Length - 1; k >= 0; k--)
        {
            s[k] = acc;
            acc *= shape[k];
        }

        return s;
    }

    private static int Axis(LNode node, string name, int rank, long fallback = 0)
    {
        ShapeHelpers.TryNormalizeAxis(node.Attributes.GetInt(name, fallback), rank, out var axis);
        return axis;
    }

    private static void Concat(LNode node, LoweringContext ctx)
    {
        var output = node.Output;
        var axis = Axis(node, "axis", output.Shape.Length);
        var dstStrides = Strides(output.Shape);
        var b = ctx.NewKernel(node.Name);
        long offset = 0;
        foreach (var input in node.Inputs.OfType<LValue>())
        {
            StridedCopy(b, ctx.Lanes, ctx.Buffer(input), 0, Strides(input.Shape), ctx.Buffer(output), offset * dstStrides[axis], dstStrides, input.Shape);
            offset += input.Shape[axis];
        }
    }

    private static void Split(LNode node, LoweringContext ctx)
    {
        var input = node.Inputs[0]!;
        var axis = Axis(node, "axis", input.Shape.Length);
        var srcStrides = Strides(input.Shape);
        var b = ctx.NewKernel(node.Name);
        long offset = 0;
        foreach (var output in node.Outputs)
        {
            if (output.Consumers.Count > 0 || output.IsGraphOutput)
            {
                StridedCopy(b, ctx.Lanes, ctx.Buffer(input), offset * srcStrides[axis], srcStrides, ctx.Buffer(output), 0, Strides(output.Shape), output.Shape);
            }

            offset += output.Shape[axis];
        }
    }

    private static void Slice(LNode node, LoweringContext ctx)
    {
        var input = node.Inputs[0]!;
        var rank = input.Shape.Length;
        var starts = node.Inputs[1]!.Constant!.ToInt64Array();
        var axes = node.Input(3)?.Constant?.ToInt64Array() ?? [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
        var steps = node.Input(4)?.Constant?.ToInt64Array() ?? [.. Enumerable.Repeat(1L, starts.Length)];
        var start = new long[rank];
        var step = Enumerable.Repeat(1L, rank).ToArray();
        for (var i = 0; i < starts.Length; i++)
        {
            ShapeHelpers.TryNormalizeAxis(axes[i], rank, out var a);
            var dim = input.Shape[a];
            var s = starts[i] < 0 ? starts[i] + dim : starts[i];
            start[a] = steps[i] > 0 ? Math.Clamp(s, 0, dim) : Math.Clamp(s, 0, dim - 1);
            step[a] = steps[i];
        }

        var strides = Strides(input.Shape);
        var offset = Enumerable.Range(0, rank).Sum(k => start[k] * strides[k]);
        var b = ctx.NewKernel(node.Name);
        StridedCopy(b, ctx.Lanes, ctx.Buffer(input), offset, [.. Enumerable.Range(0, rank).Select(k => strides[k] * step[k])],
            ctx.Buffer(node.Output), 0, Strides(node.Output.Shape), node.Output.Shape);
    }

    private static void Transpose(LNode node, LoweringContext ctx)
    {
        var input = node.Inputs[0]!;
        var rank = input.Shape.Length;
        var perm = node.Attributes.GetInts("perm") is { Length: > 0 } p ? p.Select(x => (int)x).ToArray()
            : [.. Enumerable.Range(0, rank).Reverse()];
        var strides = Strides(input.Shape);
        var b = ctx.NewKernel(node.Name);
        StridedCopy(b, ctx.Lanes, ctx.Buffer(input), 0, [.. perm.Select(k => strides[k])], ctx.Buffer(node.Output), 0,
            Strides(node.Output.Shape), node.Output.Shape);
    }

    private static void Pad(LNode node, LoweringContext ctx)
    {
        var input = node.Inputs[0]!;
        var rank = input.Shape.Length;
        var pads = node.Inputs[1]!.Constant!.ToInt64Array();
        var axes = node.Input(3)?.Constant?.ToInt64Array() ?? [.. Enumerable.Range(0, rank).Select(i => (long)i)];
        var begin = new long[rank];
        for (var i = 0; i < axes.Length; i++)
        {
            ShapeHelpers.TryNormalizeAxis(axes[i], rank, out var a);
            begin[a] = pads[i];
        }

        var mode = node.Attributes.GetString("mode", "constant");
        var src = ctx.Buffer(input);
        var dst = ctx.Buffer(node.Output);
        var shape = node.Output.Shape;
        var strides = Strides(input.Shape);
        var b = ctx.NewKernel(node.Name);
        b.ForEach(shape, idx =>
        {
            KernelValue? valid = null;
            var terms = new List<(IndexArg, long)>();
            for (var k = 0; k < rank; k++)
            {
                var dim = input.Shape[k];
                if (begin[k] == 0 && shape[k] == dim)
                {
                    terms.Add((idx[k], strides[k]));
                    continue;
                }

                var j = b.Sub(idx[k], begin[k]);
                KernelValue c;
                switch (mode)
                {
                    case "reflect":
                        j = b.Abs(j);
                        c = b.Sub(b.Index(2 * (dim - 1)), j);
                        c = b.Select(b.Lt(j, b.Index(dim)), j, c);
                        break;
                    case "wrap":
                        c = b.Rem(b.Add(b.Rem(j, dim), b.Index(dim)), dim);
                        break;
                    default:
                        c = b.Clamp(j, b.Index(0), b.Index(dim - 1));
                        if (mode == "constant")
                        {
                            var inside = b.And(b.Ge(j, b.Index(0)), b.Lt(j, b.Index(dim)));
                            valid = valid is null ? inside : b.And(valid, inside);
                        }

                        break;
                }

                terms.Add((c, strides[k]));
            }

            var v = b.Load(src, b.Affine(0, [.. terms]));
            if (valid is not null)
            {
                var fill = node.Input(2) is { } cv ? b.Load(ctx.Buffer(cv), 0) : b.Const(v.Type, 0);
                v = b.Select(valid, v, fill);
            }

            b.Store(dst, b.FlatIndex(shape, [.. idx.Select(i => (IndexArg)i)]), v);
        }, parallel: true);
    }

    private static void Gather(LNode node, LoweringContext ctx)
    {
        var data = node.Inputs[0]!;
        var indices = node.Inputs[1]!;
        var axis = Axis(node, "axis", data.Shape.Length);
        var q = indices.Shape.Length;
        var dim = data.Shape[axis];
        var strides = Strides(data.Shape);
        var shape = node.Output.Shape;
        var b = ctx.NewKernel(node.Name);
        b.ForEach(shape, idx =>
        {
            var ii = b.FlatIndex(indices.Shape, [.. idx.Skip(axis).Take(q).Select(v => (IndexArg)v)]);
            var raw = b.Cast(b.Load(ctx.Buffer(indices), ii), ScalarKind.I64);
            var j = b.Select(b.Lt(raw, b.Index(0)), b.Add(raw, b.Index(dim)), raw);
            j = b.Clamp(j, b.Index(0), b.Index(dim - 1));
            var terms = new List<(IndexArg, long)>();
            for (var k = 0; k < axis; k++)
            {
                terms.Add((idx[k], strides[k]));
            }

            terms.Add((j, strides[axis]));
            for (var k = axis + 1; k < data.Shape.Length; k++)
            {
                terms.Add((idx[k + q - 1], strides[k]));
            }

            b.Store(ctx.Buffer(node.Output), b.FlatIndex(shape, [.. idx.Select(v => (IndexArg)v)]), b.Load(ctx.Buffer(data), b.Affine(0, [.. terms])));
        }, parallel: true);
    }

    private static void Tile(LNode node, LoweringContext ctx)
    {
        var input = node.Inputs[0]!;
        var strides = Strides(input.Shape);
        var shape = node.Output.Shape;
        var b = ctx.NewKernel(node.Name);
        b.ForEach(shape, idx =>
        {
            var terms = idx.Select((v, k) => ((IndexArg)(input.Shape[k] == shape[k] ? v : b.Rem(v, input.Shape[k])), strides[k])).ToArray();
            b.Store(ctx.Buffer(node.Output), b.FlatIndex(shape, [.. idx.Select(v => (IndexArg)v)]), b.Load(ctx.Buffer(input), b.Affine(0, terms)));
        }, parallel: true);
    }

    /// <summary>DepthToSpace (DCR, CRD) and SpaceToDepth as one strided copy over a 6-D view of the result.</summary>
    private static void DepthSpace(LNode node, LoweringContext ctx)
    {
        var x = node.Inputs[0]!.Shape;
        var bs = node.Attributes.GetInt("blocksize", 1);
        var (n, c, h, w) = (x[0], x[1], x[2], x[3]);
        long[] shape;
        long[] src;
        if (node.OpType == "DepthToSpace")
        {
            var co = c / (bs * bs);
            shape = [n, co, h, bs, w, bs];
            var crd = node.Attributes.GetString("mode", "DCR") == "CRD";
            var s = Strides(crd ? [n, co, bs, bs, h, w] : [n, bs, bs, co, h, w]);
            src = crd ? [s[0], s[1], s[4], s[2], s[5], s[3]] : [s[0], s[3], s[4], s[1], s[5], s[2]];
        }
        else
        {
            shape = [n, bs, bs, c, h / bs, w / bs];
            var s = Strides([n, c, h / bs, bs, w / bs, bs]);
            src = [s[0], s[3], s[5], s[1], s[2], s[4]];
        }

        var b = ctx.NewKernel(node.Name);
        StridedCopy(b, ctx.Lanes, ctx.Buffer(node.Inputs[0]!), 0, src, ctx.Buffer(node.Output), 0, Strides(shape), shape);
    }

    /// <summary>GatherElements: the result at idx reads data at idx with the axis coordinate replaced by indices[idx].</summary>
    private static void GatherElements(LNode node, LoweringContext ctx)
    {
        var data = node.Inputs[0]!;
        var indices = node.Inputs[1]!;
        var axis = Axis(node, "axis", data.Shape.Length);
        var dim = data.Shape[axis];
        var strides = Strides(data.Shape);
        var shape = node.Output.Shape;
        var b = ctx.NewKernel(node.Name);
        b.ForEach(shape, idx =>
        {
            var flat = b.FlatIndex(shape, [.. idx.Select(v => (IndexArg)v)]);
            var raw = b.Cast(b.Load(ctx.Buffer(indices), flat), ScalarKind.I64);
            var j = b.Clamp(b.Select(b.Lt(raw, b.Index(0)), b.Add(raw, b.Index(dim)), raw), b.Index(0), b.Index(dim - 1));
            var src = b.Affine(0, [.. idx.Select((v, k) => ((IndexArg)(k == axis ? j : v), strides[k]))]);
            b.Store(ctx.Buffer(node.Output), flat, b.Load(ctx.Buffer(data), src));
        }, parallel: true);
    }

    /// <summary>Trilu: keeps the elements on and above (upper) or below (lower) diagonal k of the last two axes.</summary>
    private static void Trilu(LNode node, LoweringContext ctx)
    {
        var shape = node.Output.Shape;
        var k = node.Input(1)?.Constant?.ToInt64Array()[0] ?? 0;
        var upper = node.Attributes.GetInt("upper", 1) != 0;
        var input = ctx.Buffer(node.Inputs[0]!);
        var b = ctx.NewKernel(node.Name);
        b.ForEach(shape, idx =>
        {
            var flat = b.FlatIndex(shape, [.. idx.Select(v => (IndexArg)v)]);
            var diagonal = b.Sub(idx[^1], idx[^2]);
            var keep = upper ? b.Ge(diagonal, b.Index(k)) : b.Le(diagonal, b.Index(k));
            var v = b.Load(input, flat);
            b.Store(ctx.Buffer(node.Output), flat, b.Select(keep, v, b.Const(v.Type, 0)));
        }, parallel: true);
    }

    private static void Range(LNode node, LoweringContext ctx)
    {
        var type = ElementwiseOps.Typed(node.Output.ElementType, 1);
        var b = ctx.NewKernel(node.Name);
        var start = b.Load(ctx.Buffer(node.Inputs[0]!), 0);
        var delta = b.Load(ctx.Buffer(node.Inputs[2]!), 0);
        b.For(0, node.Output.ElementCount, 1, i =>
            b.Store(ctx.Buffer(node.Output), i, b.Add(start, b.Mul(b.Cast(i, type.Scalar), delta))), parallel: true);
    }
}
