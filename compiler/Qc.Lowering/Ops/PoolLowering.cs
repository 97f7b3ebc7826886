using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>MaxPool and AveragePool (1-D/2-D; pads, auto_pad, strides, dilations, ceil_mode, count_include_pad) and
/// GlobalAveragePool / GlobalMaxPool.</summary>
/// <remarks>Parallel over image·channel, then row by row (over rows when there are fewer planes than
/// <see cref="LoweringOptions.ParallelIterations"/>, as on GPUs). Each output row is split at compile time into the columns
/// whose window lies inside the input horizontally, computed as vectors of consecutive outputs (a strided vector load
/// per tap when the stride is above 1) with no column mask, and the edge columns, where taps outside the input are
/// masked (clamped load, select); a window row outside the input is masked the same way. The divisor of each average
/// is computed at compile time into a small weight table of reciprocals. Global pools reduce each channel's plane with vector
/// accumulators.</remarks>
internal sealed class PoolLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node)
    {
        var x = node.Inputs[0]!;
        if (node.OpType is "MaxPool" or "AveragePool" && x.Shape.Length is not (3 or 4))
        {
            return $"only 1-D and 2-D pools lower (the input has rank {x.Shape.Length})";
        }

        if (node.OpType != "MaxPool" && !x.ElementType.IsFloat())
        {
            return "average pools need a float input";
        }

        if (node.Outputs.Count > 1 && (node.Outputs[1].Consumers.Count > 0 || node.Outputs[1].IsGraphOutput))
        {
            return "the Indices result is not supported";
        }

        return x.Shape.Length < 3 ? "the input needs rank 3 or more" : null;
    }

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        if (node.OpType.StartsWith("Global", StringComparison.Ordinal))
        {
            Global(node, ctx);
            return;
        }

        var kernel = node.Attributes.GetInts("kernel_shape")!.Value.ToArray();
        var g = ConvGeometry.Of(node, kernel);
        var max = node.OpType == "MaxPool";
        var x = ctx.Buffer(node.Inputs[0]!);
        var output = ctx.Buffer(node.Output);
        var type = ElementwiseOps.Typed(node.Output.ElementType, 1);
        var recip = max ? null : ctx.Module.AddWeight(ctx.UniqueBufferName(node.Output.Name + "_recip"), Reciprocals(node, g));
        // Columns whose whole window lies inside the input horizontally need no column mask: [lo, hi), as vectors of
        // consecutive outputs (strided loads when the stride is above 1); the edge columns are masked scalars.
        var lo = Math.Min(g.OW, (g.PadLeft + g.SW - 1) / g.SW);
        var hi = Math.Clamp((long)Math.Floor((double)(g.W - 1 + g.PadLeft - ((g.KW - 1) * g.DW)) / g.SW) + 1, lo, g.OW);
        var lanes = ctx.Lanes > 1 ? GemmTiles.Lanes(hi - lo, ctx.Lanes) : 1;
        var b = ctx.NewKernel(node.Name);
        // Parallel over planes, or over rows when there are fewer planes than the parallel iterations wanted (GPUs).
        var byRow = g.N * g.C < ctx.Options.ParallelIterations;
        void ForEachRow(Action<KernelValue, KernelValue> row)
        {
            if (byRow)
            {
                b.For(0, g.N * g.C * g.OH, 1, tr => row(b.Div(tr, g.OH), b.Rem(tr, g.OH)), parallel: true, name: "t");
            }
            else
            {
                b.For(0, g.N * g.C, 1, t => b.For(0, g.OH, 1, oh => row(t, oh)), parallel: true, name: "t");
            }
        }

        ForEachRow((t, oh) =>
        {
            void At(KernelValue ow, int l, bool masked)
            {
                var vtype = type.WithLanes(l);
                var fill = max ? Rows.Lowest(b, vtype) : b.Const(vtype, 0.0);
                var acc = new[] { fill };
                ConvLowering.Taps(b, g.KH, g.KW, acc, (kh, kw, a) =>
                {
                    var ih = b.Affine(-g.PadTop, (oh, g.SH), (kh, g.DH));
                    var iw = b.Affine(-g.PadLeft, (ow, g.SW), (kw, g.DW));
                    var valid = b.And(b.Ge(ih, b.Index(0)), b.Lt(ih, b.Index(g.H)));
                    if (masked)
                    {
                        valid = b.And(valid, b.And(b.Ge(iw, b.Index(0)), b.Lt(iw, b.Index(g.W))));
                        iw = b.Clamp(iw, b.Index(0), b.Index(g.W - 1));
                    }

                    var src = b.Affine(0, (t, g.H * g.W), (b.Clamp(ih, b.Index(0), b.Index(g.H - 1)), g.W), (iw, 1));
                    var v = l > 1 ? b.Select(b.Broadcast(valid, l), b.VLoad(x, src, l, g.SW), fill) : b.Select(valid, b.Load(x, src), fill);
                    a[0] = max ? b.Max(a[0], v) : b.Add(a[0], v);
                });
                var at = b.Affine(0, (oh, g.OW), (ow, 1));
                var result = max ? acc[0] : b.Mul(acc[0], b.Cast(l > 1 ? b.VLoad(recip!, at, l) : b.Load(recip!, at), vtype.Scalar));
                b.Store(output, b.Affine(0, (t, g.OH * g.OW), (oh, g.OW), (ow, 1)), result);
            }

            if (lo > 0)
            {
                b.For(0, lo, 1, ow => At(ow, 1, masked: true), name: "ow");
            }

            var whole = (hi - lo) / lanes * lanes;
            if (whole > 0)
            {
                b.For(lo, lo + whole, lanes, ow => At(ow, lanes, masked: false), name: "ow");
            }

            if (lo + whole < hi)
            {
                // The rest of the inside columns: one more vector ending at hi (it recomputes a few outputs of the
                // previous one, identically), or scalars when there was no whole vector.
                if (whole > 0)
                {
                    At(b.Index(hi - lanes), lanes, masked: false);
                }
                else
                {
                    b.For(lo, hi, 1, ow => At(ow, 1, masked: false), name: "ow");
                }
            }

            if (hi < g.OW)
            {
                b.For(hi, g.OW, 1, ow => At(ow, 1, masked: true), name: "ow");
            }
        });
    }

    private static void Global(LNode node, LoweringContext ctx)
    {
        var x = node.Inputs[0]!;
        var plane = x.Shape[2..].Aggregate(1L, (p, d) => p * d);
        var max = node.OpType == "GlobalMaxPool";
        var type = ElementwiseOps.Typed(x.ElementType, 1);
        var input = ctx.Buffer(x);
        var output = ctx.Buffer(node.Output);
        var lanes = ctx.Lanes;
        var b = ctx.NewKernel(node.Name);
        b.For(0, x.Shape[0] * x.Shape[1], 1, t =>
        {
            var r = Rows.Reduce(b, plane, lanes, max ? Rows.Lowest(b, type) : b.Const(type, 0.0), max ? Opcode.Max : Opcode.Add,
                (j, l) => l > 1 ? b.VLoad(input, b.Affine(0, (t, plane), (j, 1)), l) : b.Load(input, b.Affine(0, (t, plane), (j, 1))));
            b.Store(output, t, max ? r : b.Div(r, b.Const(type, plane)));
        }, parallel: true, name: "t");
    }

    /// <summary>1 / (number of taps averaged) for every output position.</summary>
    private static TensorData Reciprocals(LNode node, ConvGeometry g)
    {
        var includePad = node.Attributes.GetInt("count_include_pad", 0) != 0;
        long Count(long o, long stride, long pad, long dilation, long k, long size, long padEnd)
        {
            long count = 0;
            for (var t = 0L; t < k; t++)
            {
                var i = (o * stride) - pad + (t * dilation);
                if (includePad ? i >= -pad && i < size + padEnd : i >= 0 && i < size)
                {
                    count++;
                }
            }

            return count;
        }

        var values = new float[g.OH * g.OW];
        for (var oh = 0L; oh < g.OH; oh++)
        {
            var ch = Count(oh, g.SH, g.PadTop, g.DH, g.KH, g.H, g.PadBottom);
            for (var ow = 0L; ow < g.OW; ow++)
            {
                var cw = Count(ow, g.SW, g.PadLeft, g.DW, g.KW, g.W, g.PadRight);
                values[(oh * g.OW) + ow] = ch * cw == 0 ? 0f : 1f / (ch * cw);
            }
        }

        return TensorData.Create<float>([g.OH, g.OW], values);
    }
}
