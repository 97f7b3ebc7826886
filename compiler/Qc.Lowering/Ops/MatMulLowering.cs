using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>MatMul (batched, broadcast batch dimensions, 1-D operands) and Gemm (transA, transB, alpha, beta, C broadcast).</summary>
/// <remarks>
/// Parallel over (batch, row tile) and, with few row tiles, parts of the output row (as convolutions, GemmTiles.ColumnParts); each block accumulates vectors of consecutive output columns
/// (broadcast A element × vector load of a B row, fused multiply-add) over K, with a scalar tail for the last columns.
/// A constant B of a Gemm with transB = 1 is repacked at compile time to [K, N] so its rows are contiguous; a
/// non-constant transposed B uses the scalar path. alpha, beta·C and the fused epilogue are applied before the store.
/// </remarks>
internal sealed class MatMulLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node) =>
        node.Inputs[0]!.ElementType != ElementType.F32 || node.Inputs[1]!.ElementType != ElementType.F32
            ? "only f32 matrix products lower (dequantize weights first)"
            : null;

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        var av = node.Inputs[0]!;
        var bvalue = node.Inputs[1]!;
        var gemm = node.OpType == "Gemm";
        var transA = gemm && node.Attributes.GetInt("transA", 0) != 0;
        var transB = gemm && node.Attributes.GetInt("transB", 0) != 0;
        long[] a = av.Shape.Length == 1 ? [1, av.Shape[0]] : av.Shape;
        long[] bs = bvalue.Shape.Length == 1 ? [bvalue.Shape[0], 1] : bvalue.Shape;
        var m = transA ? a[^1] : a[^2];
        var k = transA ? a[^2] : a[^1];
        var n = transB ? bs[^2] : bs[^1];
        var bBuffer = ctx.Buffer(bvalue);
        if (transB && bvalue.Constant is { } data)
        {
            bBuffer = ctx.Module.AddWeight(ctx.UniqueBufferName(bvalue.Name + "_packed"), Transpose2D(data));
            transB = false;
        }

        var batch = node.Output.ElementCount / (m * n);
        var outBatch = BatchDims(node.Output.Shape, av.Shape.Length == 1, bvalue.Shape.Length == 1);
        var aStrides = BatchStrides(a, outBatch, m * k);
        var bStrides = BatchStrides(bs, outBatch, k * n);
        var em = new ElementwiseEmitter(ctx, node.Epilogue, node.Output, node.FinalOutput.Shape);
        var c = gemm ? node.Input(2) : null;
        var cView = c is null ? null : LeafView.Broadcast(c.Shape, [m, n]);
        var lanes = ctx.Lanes > 1 && !transB && n >= ctx.Lanes && em.Vectorizable && (cView?.VectorFriendly ?? true) ? ctx.Lanes : 1;
        var rb = m % 4 == 0 ? 4 : m % 2 == 0 ? 2 : 1;
        var rowBlocks = m / rb;
        var alpha = node.Attributes.GetFloat("alpha", 1f);
        var beta = node.Attributes.GetFloat("beta", 1f);
        var output = ctx.Buffer(node.FinalOutput);
        var aBuffer = ctx.Buffer(av);
        var b = ctx.NewKernel(node.Name);
        if (!transB)
        {
            // Register-blocked tiles (GemmTiles): rows of A broadcast, B rows contiguous along the columns.
            var tl = ctx.Lanes > 1 && em.Vectorizable && (cView?.VectorFriendly ?? true) ? GemmTiles.Lanes(n, ctx.Lanes) : 1;
            GemmTiles.Loop(b, batch, m, n, tl, ctx.Lanes, ctx.Options.ParallelIterations, (bt, i0, tileRows) =>
            {
                var bidx = Rows.Unflatten(b, bt, outBatch);
                var aOff = b.Affine(0, [.. bidx.Select((v, q) => ((IndexArg)v, aStrides[q]))]);
                var bOff = b.Affine(0, [.. bidx.Select((v, q) => ((IndexArg)v, bStrides[q]))]);
                return (j, vs, l) =>
                {
                    var zero = b.Const(KernelType.F32.WithLanes(l), 0.0);
                    var accs = b.For(0, k, 1, Enumerable.Repeat(zero, tileRows * vs).ToArray(), (kk, acc) =>
                    {
                        var next = acc.ToArray();
                        var bv = Enumerable.Range(0, vs).Select(v =>
                        {
                            var bi = b.Affine(v * l, (bOff, 1), (kk, n), (j, 1));
                            return l > 1 ? b.VLoad(bBuffer, bi, l) : b.Load(bBuffer, bi);
                        }).ToArray();
                        GemmTiles.Fmas(b, next, tileRows, bv, r => b.Load(aBuffer,
                            transA ? b.Affine(r, (aOff, 1), (kk, m), (i0, 1)) : b.Affine(r * k, (aOff, 1), (i0, k), (kk, 1))), l);
                        return next;
                    }, unroll: 2);
                    for (var r = 0; r < tileRows; r++)
                    {
                        for (var v = 0; v < vs; v++)
                        {
                            Finish(b.Add(i0, r), b.Add(j, v * l), accs[(r * vs) + v], l, bt, bidx);
                        }
                    }
                };
            });

            return;
        }

        // The value of output element (i, j) (l columns) from its accumulator: alpha, beta·C, epilogue, store.
        void Finish(KernelValue i, KernelValue j, KernelValue v, int l, KernelValue bt, KernelValue[] bidx)
        {
            if (alpha != 1f)
            {
                v = b.Mul(v, b.Const(v.Type, alpha));
            }

            if (c is not null && beta != 0f)
            {
                var ci = b.Affine(0, (i, cView!.Strides[0]), (j, cView.Strides[1]));
                var cv = l == 1 ? b.Load(ctx.Buffer(c), ci)
                    : cView.Strides[1] == 1 ? b.VLoad(ctx.Buffer(c), ci, l) : b.Broadcast(b.Load(ctx.Buffer(c), ci), l);
                v = beta == 1f ? b.Add(v, cv) : b.Fma(b.Const(v.Type, beta), cv, v);
            }

            var idx = bidx.ToList();
            if (av.Shape.Length > 1)
            {
                idx.Add(i);
            }

            if (bvalue.Shape.Length > 1)
            {
                idx.Add(j);
            }

            b.Store(output, b.Affine(0, (bt, m * n), (i, n), (j, 1)), em.Emit(b, v, idx, l));
        }

        // A non-constant transposed B: one column at a time (scalar loads of B).
        b.For(0, batch * rowBlocks, 1, t =>
        {
            var bt = rowBlocks == 1 ? t : b.Div(t, rowBlocks);
            var i0 = b.Mul(rowBlocks == 1 ? b.Index(0) : b.Rem(t, rowBlocks), rb);
            var bidx = Rows.Unflatten(b, bt, outBatch);
            var aOff = b.Affine(0, [.. bidx.Select((v, q) => ((IndexArg)v, aStrides[q]))]);
            var bOff = b.Affine(0, [.. bidx.Select((v, q) => ((IndexArg)v, bStrides[q]))]);
            ElementwiseEmitter.LoopWithTail(b, n, lanes, (j, l) =>
            {
                var zero = b.Const(KernelType.F32.WithLanes(l), 0.0);
                var inits = Enumerable.Repeat(zero, rb).ToArray();
                var accs = b.For(0, k, 1, inits, (kk, acc) =>
                {
                    var bi = transB ? b.Affine(0, (bOff, 1), (j, k), (kk, 1)) : b.Affine(0, (bOff, 1), (kk, n), (j, 1));
                    var bv = l > 1 ? b.VLoad(bBuffer, bi, l) : b.Load(bBuffer, bi);
                    var next = new KernelValue[rb];
                    for (var r = 0; r < rb; r++)
                    {
                        var ai = transA ? b.Affine(r, (aOff, 1), (kk, m), (i0, 1)) : b.Affine(r * k, (aOff, 1), (i0, k), (kk, 1));
                        var x = b.Load(aBuffer, ai);
                        next[r] = b.Fma(l > 1 ? b.Broadcast(x, l) : x, bv, acc[r]);
                    }

                    return next;
                }, unroll: 4);
                for (var r = 0; r < rb; r++)
                {
                    Finish(b.Add(i0, r), j, accs[r], l, bt, bidx);
                }
            });
        }, parallel: true, name: "t");
    }

    /// <summary>The batch dimensions of the result (the result shape without the row and column axes it has).</summary>
    private static long[] BatchDims(long[] output, bool aVector, bool bVector) => output[..(output.Length - (aVector ? 0 : 1) - (bVector ? 0 : 1))];

    /// <summary>Element strides of an operand's matrices along each result batch axis (0 where it broadcasts).</summary>
    private static long[] BatchStrides(long[] operand, long[] batch, long matrix)
    {
        var strides = new long[batch.Length];
        var s = matrix;
        var opBatch = operand[..^2];
        for (var q = 1; q <= opBatch.Length; q++)
        {
            var dim = opBatch[^q];
            if (dim != 1)
            {
                strides[batch.Length - q] = s;
            }

            s *= dim;
        }

        return strides;
    }

    /// <summary>The transpose of a 2-D tensor of any element type.</summary>
    public static TensorData Transpose2D(TensorData data)
    {
        var rows = (int)data.Dims[0];
        var cols = (int)data.Dims[1];
        var size = data.ElementType.BitWidth() / 8;
        var src = data.Data.Span;
        var dst = new byte[src.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var q = 0; q < cols; q++)
            {
                src.Slice(((r * cols) + q) * size, size).CopyTo(dst.AsSpan(((q * rows) + r) * size));
            }
        }

        return TensorData.FromBytes(data.ElementType, [cols, rows], dst);
    }
}
