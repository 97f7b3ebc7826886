using System.Collections.Immutable;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Conv (1-D/2-D, groups incl. depthwise, strides, dilations, pads, auto_pad, bias) and ConvTranspose.</summary>
/// <remarks>
/// Conv: a padded input is first copied into a zero-bordered temp, so the convolution kernel has no bounds checks; with
/// a horizontal stride s > 1 and vectors, that copy also splits the columns into s phases so vector loads stay contiguous.
/// The kernel is parallel over (image, block of output channels, output row); each block of up to 4 output channels of one group
/// is accumulated in registers over input channels and taps (unrolled up to 7x7), as vectors of consecutive output
/// columns (vector width from the options), with a scalar tail for the remaining
/// columns. The bias initializes the accumulators; the fused epilogue is applied before the single store.
/// ConvTranspose with constant weights is a matrix product into per-tap columns followed by a gather by output phase
/// (<see cref="LowerTransposeAsGemm"/>); otherwise it gathers directly: output (oh, ow) reads input (ih, iw) where
/// oh + pad - kh·dilation = ih·stride.
/// </remarks>
internal sealed class ConvLowering : IOpLowering
{
    /// <summary>Windows with at most this many taps are unrolled at compile time.</summary>
    internal const int MaxUnrolledTaps = 49;

    /// <inheritdoc/>
    public string? Check(LNode node)
    {
        var x = node.Inputs[0]!;
        if (x.Shape.Length is not (3 or 4))
        {
            return $"only 1-D and 2-D convolutions lower (the input has rank {x.Shape.Length})";
        }

        if (x.ElementType != ElementType.F32 || node.Inputs[1]!.ElementType != ElementType.F32)
        {
            return "only f32 convolutions lower (dequantize weights first)";
        }

        return null;
    }

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        var w = node.Inputs[1]!;
        var kernel = w.Shape[2..];
        var geo = ConvGeometry.Of(node, kernel, node.OpType == "ConvTranspose");
        if (node.OpType == "ConvTranspose")
        {
            LowerTranspose(node, ctx, geo);
        }
        else
        {
            LowerConv(node, ctx, geo);
        }
    }

    private static void LowerConv(LNode node, LoweringContext ctx, ConvGeometry g)
    {
        var group = node.Attributes.GetInt("group", 1);
        var cg = g.C / group;
        var cog = g.OC / group;
        var x = ctx.Buffer(node.Inputs[0]!);
        var hp = g.H + g.PadTop + g.PadBottom;
        var wp = g.W + g.PadLeft + g.PadRight;
        var weights = ctx.Buffer(node.Inputs[1]!);
        var bias = node.Input(2) is { } bv ? ctx.Buffer(bv) : null;
        var output = ctx.Buffer(node.FinalOutput);
        var em = new ElementwiseEmitter(ctx, node.Epilogue, node.Output, node.FinalOutput.Shape);
        if (group == 1 && g.KH * g.KW <= MaxUnrolledTaps && (g.OneD || em.TryMerge(2)))
        {
            LowerConvAsGemm(node, ctx, g, em);
            return;
        }

        if (!g.OneD && g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1 && hp == g.H && wp == g.W && em.TryMerge(2))
        {
            // A pointwise convolution: rows of the output plane are contiguous in input and output, so one long row.
            g = g with { H = 1, W = g.H * g.W, OH = 1, OW = g.OH * g.OW, OneD = true };
            (hp, wp) = (1, g.W);
        }

        // With a horizontal stride s > 1 the padded copy splits columns into s phases (column w = q·s + p goes to
        // phase p, position q), so the columns one tap reads for consecutive outputs are contiguous again.
        // The split does not depend on the vector width: every target of a package shares one buffer layout.
        var phases = g.SW > 1 && g.KH * g.KW <= MaxUnrolledTaps && em.Vectorizable ? g.SW : 1;
        var wq = (wp + phases - 1) / phases;
        if (hp != g.H || wp != g.W || phases > 1)
        {
            x = PadInput(node, ctx, g, x, hp, phases, wq);
        }

        var row = phases * wq;
        var plane = hp * row;
        var lanes = ctx.Lanes > 1 && g.SW == phases && g.OW >= ctx.Lanes && em.Vectorizable ? ctx.Lanes : 1;
        var cb = cog % 4 == 0 ? 4 : cog % 2 == 0 ? 2 : 1;
        var blocks = g.OC / cb;
        var taps = g.KH * g.KW;
        var b = ctx.NewKernel(node.Name);
        b.For(0, g.N * blocks * g.OH, 1, t =>
        {
            var oh = g.OH == 1 ? b.Index(0) : b.Rem(t, g.OH);
            var rest = g.OH == 1 ? t : b.Div(t, g.OH);
            var n = g.N == 1 ? b.Index(0) : b.Div(rest, blocks);
            var co0 = b.Mul(g.N == 1 ? rest : b.Rem(rest, blocks), cb);
            var xBase = b.Affine(0, (g.N == 1 ? 0 : n, g.C * plane), (group == 1 ? 0 : b.Div(co0, cog), cg * plane));
            ElementwiseEmitter.LoopWithTail(b, g.OW, lanes, (ow, l) =>
            {
                var inits = new KernelValue[cb];
                for (var c = 0; c < cb; c++)
                {
                    inits[c] = bias is null ? b.Const(KernelType.F32.WithLanes(l), 0.0) : Rows.Splat(b, b.Load(bias, b.Add(co0, c)), l);
                }

                var accs = b.For(0, cg, 1, inits, (ci, acc) =>
                {
                    var next = acc.ToArray();
                    var chan = b.Affine(0, (xBase, 1), (ci, plane), (oh, g.SH * row), (ow, g.SW / phases));
                    var wBase = b.Affine(0, (co0, cg * taps), (ci, taps));
                    Taps(b, g.KH, g.KW, next, (kh, kw, a) =>
                    {
                        var xi = kw.Value is null
                            ? b.Affine((kw.Constant * g.DW % phases * wq) + (kw.Constant * g.DW / phases), (chan, 1), (kh, g.DH * row))
                            : b.Affine(0, (chan, 1), (kh, g.DH * row), (kw, g.DW));
                        var xv = l > 1 ? b.VLoad(x, xi, l) : b.Load(x, xi);
                        for (var c = 0; c < cb; c++)
                        {
                            var wv = b.Load(weights, b.Affine(c * cg * taps, (wBase, 1), (kh, g.KW), (kw, 1)));
                            a[c] = b.Fma(xv, Rows.Splat(b, wv, l), a[c]);
                        }
                    });
                    return next;
                });
                for (var c = 0; c < cb; c++)
                {
                    var co = b.Add(co0, c);
                    ImmutableArray<KernelValue> idx = g.OneD ? [n, co, ow] : [n, co, oh, ow];
                    var value = em.Emit(b, accs[c], idx, l);
                    b.Store(output, b.Affine(0, (g.N == 1 ? 0 : n, g.OC * g.OH * g.OW), (co, g.OH * g.OW), (oh, g.OW), (ow, 1)), value);
                }
            });
        }, parallel: true, name: "t");
    }

    /// <summary>A dense convolution as a matrix product (GemmTiles): out[co, p] = Σ_(ci, kh, kw) W[co, ci, kh, kw] ·
    /// X[ci, kh, kw, p] over the flat output positions p = oh·OW + ow. The input is read where it is when every tap row
    /// is already contiguous in p (1×1-like: KW = 1, unit strides, no padding); otherwise a copy kernel writes it as
    /// [N, C, KW, SH, hq, OW] (column ow·SW + kw·DW of padded row a·SH + s at [kw, s, a, ow], zeros outside the input),
    /// where tap (kh, kw) of position p is at a fixed offset + p. The weights are packed for the row tiles.</summary>
    private static void LowerConvAsGemm(LNode node, LoweringContext ctx, ConvGeometry g, ElementwiseEmitter em)
    {
        var x = ctx.Buffer(node.Inputs[0]!);
        var output = ctx.Buffer(node.FinalOutput);
        var bias = node.Input(2) is { } bv ? ctx.Buffer(bv) : null;
        var p = g.OH * g.OW;
        var m = g.OC;
        var mr = GemmTiles.RowBlock(m);
        var wValue = node.Inputs[1]!;
        var packed = wValue.Constant is not null;
        var weights = packed ? ctx.Module.AddWeight(ctx.UniqueBufferName(wValue.Name + "_packed"), GemmTiles.PackRows(wValue.Constant!, mr))
            : ctx.Buffer(wValue);
        var direct = g.KW == 1 && g.SW == 1 && g.SH == 1 && g.PadTop == 0 && g.PadBottom == 0 && g.PadLeft == 0 && g.PadRight == 0;
        long imageStride, channelStride;
        Func<long, long, long> tapOffset;
        if (direct)
        {
            imageStride = g.C * g.H * g.W;
            channelStride = g.H * g.W;
            tapOffset = (kh, _) => kh * g.DH * g.W;
        }
        else
        {
            var hp = g.H + g.PadTop + g.PadBottom;
            var hq = (hp + g.SH - 1) / g.SH;
            x = ExpandInput(node, ctx, g, x, hq);
            channelStride = g.KW * g.SH * hq * g.OW;
            imageStride = g.C * channelStride;
            tapOffset = (kh, kw) => (((kw * g.SH) + (kh * g.DH % g.SH)) * hq * g.OW) + (kh * g.DH / g.SH * g.OW);
        }

        var lanes = ctx.Lanes > 1 && em.Vectorizable ? GemmTiles.Lanes(p, ctx.Lanes) : 1;
        var b = ctx.NewKernel(node.Name);
        var source = new GemmSource(x, g.N, g.C, g.KH, g.KW, p, imageStride, channelStride, tapOffset);
        EmitGemm(b, ctx, source, m, weights, packed, bias, lanes, (n, co, pos, value, l) =>
        {
            ImmutableArray<KernelValue> idx = [n, co, pos];
            b.Store(output, b.Affine(0, (n, m * p), (co, p), (pos, 1)), em.Emit(b, value, idx, l));
        });
    }

    /// <summary>The B operand of a convolution as a matrix product: element (c, tap, p) of image n is at
    /// n·ImageStride + c·ChannelStride + TapOffset(kh, kw) + p, for flat output positions p in [0, P).</summary>
    private sealed record GemmSource(KernelBuffer X, long N, long C, long KH, long KW, long P, long ImageStride, long ChannelStride,
        Func<long, long, long> TapOffset);

    /// <summary>Emits register-blocked tiles (GemmTiles) of out[n, co, p] = bias[co] + Σ_(c, kh, kw) W[co, c, kh, kw] ·
    /// B[n, c, kh, kw, p] for <paramref name="m"/> rows; <paramref name="store"/>(n, co, p, value, lanes) writes each result
    /// vector. Weights are [m, C·KH·KW], packed for the row tiles when <paramref name="packed"/>.</summary>
    private static void EmitGemm(KernelBuilder b, LoweringContext ctx, GemmSource s, long m, KernelBuffer weights, bool packed,
        KernelBuffer? bias, int lanes, Action<KernelValue, KernelValue, KernelValue, KernelValue, int> store)
    {
        var taps = s.KH * s.KW;
        var kdim = s.C * taps;
        GemmTiles.Loop(b, s.N, m, s.P, lanes, ctx.Lanes, ctx.Options.ParallelIterations, (n, co0, tileRows) =>
        {
            var xBase = b.Affine(0, (n, s.ImageStride));
            return (j, vs, l) =>
            {
                var inits = new KernelValue[tileRows * vs];
                for (var r = 0; r < tileRows; r++)
                {
                    var init = bias is null ? b.Const(KernelType.F32.WithLanes(l), 0.0) : Rows.Splat(b, b.Load(bias, b.Add(co0, r)), l);
                    for (var v = 0; v < vs; v++)
                    {
                        inits[(r * vs) + v] = init;
                    }
                }

                var accs = b.For(0, s.C, 1, inits, (ci, acc) =>
                {
                    var next = acc.ToArray();
                    var chan = b.Affine(0, (xBase, 1), (ci, s.ChannelStride), (j, 1));
                    var wBase = packed ? b.Affine(0, (co0, kdim), (ci, taps * tileRows)) : b.Affine(0, (co0, kdim), (ci, taps));
                    for (var kh = 0L; kh < s.KH; kh++)
                    {
                        for (var kw = 0L; kw < s.KW; kw++)
                        {
                            var tap = (kh * s.KW) + kw;
                            var off = s.TapOffset(kh, kw);
                            var xv = Enumerable.Range(0, vs).Select(v =>
                            {
                                var xi = b.Add(chan, off + (v * l));
                                return l > 1 ? b.VLoad(s.X, xi, l) : b.Load(s.X, xi);
                            }).ToArray();
                            GemmTiles.Fmas(b, next, tileRows, xv, r => b.Load(weights,
                                b.Add(wBase, packed ? (tap * tileRows) + r : (r * kdim) + tap)), l);
                        }
                    }

                    return next;
                }, name: "ci");
                for (var r = 0; r < tileRows; r++)
                {
                    var co = b.Add(co0, r);
                    for (var v = 0; v < vs; v++)
                    {
                        store(n, co, b.Add(j, v * l), accs[(r * vs) + v], l);
                    }
                }
            };
        });
    }

    /// <summary>Copies the input into [N, C, KW, SH, hq, OW] for <see cref="LowerConvAsGemm"/>: element
    /// [n, c, kw, s, a, ow] is padded input row a·SH + s, column ow·SW + kw·DW (zero in the padding).</summary>
    private static KernelBuffer ExpandInput(LNode node, LoweringContext ctx, ConvGeometry g, KernelBuffer x, long hq)
    {
        var expanded = ctx.NewTemp(node.Inputs[0]!.Name + "_expanded", ElementType.F32, [g.N, g.C, g.KW, g.SH, hq, g.OW]);
        var b = ctx.NewKernel(node.Name + "_pad");
        var lanes = ctx.Lanes;
        b.For(0, g.N * g.C, 1, t => b.For(0, g.SH * hq, 1, sa =>
        {
            // Row sa = s·hq + a of every kw block: padded input row a·SH + s.
            var s = b.Div(sa, hq);
            var i = b.Affine(-g.PadTop, (b.Rem(sa, hq), g.SH), (s, 1));
            var src = b.Affine(0, (t, g.H * g.W), (b.Clamp(i, b.Index(0), b.Index(g.H - 1)), g.W));
            var inside = b.And(b.Ge(i, b.Index(0)), b.Lt(i, b.Index(g.H)));
            for (var kw = 0L; kw < g.KW; kw++)
            {
                var dst = b.Affine(0, (t, g.KW * g.SH * hq * g.OW), (sa, g.OW), (kw * g.SH * hq * g.OW, 1));
                CopyPaddedRow(b, lanes, expanded, dst, g.OW, x, src, inside, g.SW, (kw * g.DW) - g.PadLeft, g.W);
            }
        }), parallel: true, name: "t");
        return expanded;
    }

    private static void LowerTranspose(LNode node, LoweringContext ctx, ConvGeometry g)
    {
        if (node.Attributes.GetInt("group", 1) == 1 && node.Inputs[1]!.Constant is not null)
        {
            LowerTransposeAsGemm(node, ctx, g);
        }
        else
        {
            LowerTransposeByGathering(node, ctx, g);
        }
    }

    /// <summary>ConvTranspose with constant weights and one group as a matrix product and a gather: first
    /// cols[n, (co, kh, kw), i] = Σ_c W[c, co, kh, kw] · X[n, c, i] over the input positions i (GemmTiles, the weights
    /// transposed to [OC·KH·KW, C] and packed at compile time), then every output element sums the cols entries of its
    /// taps. The output is visited by phase: oh = qh·SH + rh, ow = qw·SW + rw with rh, rw unrolled, so which taps
    /// contribute (kh with (rh + pad − kh·DH) divisible by SH) and at which input offset is known at compile time. When some
    /// tap reaches outside the input, the input is first copied with a zero border (the cols of the border are then zero),
    /// so the gather has no bounds checks.</summary>
    private static void LowerTransposeAsGemm(LNode node, LoweringContext ctx, ConvGeometry g)
    {
        var (tapsH, padH0, padH1) = TransposeTaps(g.OH, g.H, g.KH, g.SH, g.DH, g.PadTop);
        var (tapsW, padW0, padW1) = TransposeTaps(g.OW, g.W, g.KW, g.SW, g.DW, g.PadLeft);
        var x = ctx.Buffer(node.Inputs[0]!);
        var hp = g.H + padH0 + padH1;
        var wp = g.W + padW0 + padW1;
        if (hp != g.H || wp != g.W)
        {
            x = PadInput(node, ctx, g with { PadTop = padH0, PadBottom = padH1, PadLeft = padW0, PadRight = padW1 }, x, hp, 1, wp);
        }

        var m = g.OC * g.KH * g.KW;
        var positions = hp * wp;
        var mr = GemmTiles.RowBlock(m);
        var w = node.Inputs[1]!;
        var weights = ctx.Module.AddWeight(ctx.UniqueBufferName(w.Name + "_packed"), GemmTiles.PackRows(WeightsAsRows(w.Constant!, g.C), mr));
        var cols = ctx.NewTemp(node.Name + "_cols", ElementType.F32, [g.N, m, positions]);
        var gemm = ctx.NewKernel(node.Name + "_gemm");
        var source = new GemmSource(x, g.N, g.C, 1, 1, positions, g.C * positions, positions, (_, _) => 0);
        EmitGemm(gemm, ctx, source, m, weights, true, null, GemmTiles.Lanes(positions, ctx.Lanes),
            (n, r, pos, value, _) => gemm.Store(cols, gemm.Affine(0, (n, m * positions), (r, positions), (pos, 1)), value));

        var bias = node.Input(2) is { } bv ? ctx.Buffer(bv) : null;
        var output = ctx.Buffer(node.FinalOutput);
        var em = new ElementwiseEmitter(ctx, node.Epilogue, node.Output, node.FinalOutput.Shape);
        var qhCount = (g.OH + g.SH - 1) / g.SH;
        var qwFull = g.OW / g.SW;
        var lanes = ctx.Lanes > 1 && g.SW == 1 && em.Vectorizable && g.OW >= ctx.Lanes ? ctx.Lanes : 1;
        var b = ctx.NewKernel(node.Name);
        b.For(0, g.N * g.OC * qhCount, 1, t =>
        {
            var qh = b.Rem(t, qhCount);
            var rest = b.Div(t, qhCount);
            var co = b.Rem(rest, g.OC);
            var n = b.Div(rest, g.OC);
            var colBase = b.Affine(0, (n, m * positions), (co, g.KH * g.KW * positions));
            for (var rh = 0L; rh < g.SH; rh++)
            {
                var row = rh;
                void Row()
                {
                    var oh = b.Affine(row, (qh, g.SH));
                    for (var rw = 0L; rw < g.SW; rw++)
                    {
                        var phase = rw;
                        void At(KernelValue qw, int l)
                        {
                            KernelValue acc = bias is null ? b.Const(KernelType.F32.WithLanes(l), 0.0) : Rows.Splat(b, b.Load(bias, co), l);
                            foreach (var (kh, dh) in tapsH[row])
                            {
                                foreach (var (kw, dw) in tapsW[phase])
                                {
                                    var ci = b.Affine((((kh * g.KW) + kw) * positions) + ((dh + padH0) * wp) + dw + padW0, (colBase, 1), (qh, wp), (qw, 1));
                                    acc = b.Add(acc, l > 1 ? b.VLoad(cols, ci, l) : b.Load(cols, ci));
                                }
                            }

                            var ow = b.Affine(phase, (qw, g.SW));
                            ImmutableArray<KernelValue> idx = g.OneD ? [n, co, ow] : [n, co, oh, ow];
                            b.Store(output, b.Affine(0, (n, g.OC * g.OH * g.OW), (co, g.OH * g.OW), (oh, g.OW), (ow, 1)), em.Emit(b, acc, idx, l));
                        }

                        var count = qwFull + (phase < g.OW % g.SW ? 1 : 0);
                        ElementwiseEmitter.LoopWithTail(b, count, lanes, At);
                    }
                }

                if (g.OH % g.SH == 0 || rh < g.OH % g.SH)
                {
                    Row();
                }
                else
                {
                    b.If(b.Lt(qh, b.Index(g.OH / g.SH)), Row);
                }
            }
        }, parallel: true, name: "t");
    }

    /// <summary>For each output phase r in [0, stride) along one axis of a ConvTranspose: the taps k that reach it and the
    /// input offset d of each (output q·stride + r reads input q + d), and the zero border the input needs before and
    /// after so that every read of every phase is inside it.</summary>
    private static (List<(long Tap, long Offset)>[] Taps, long Before, long After) TransposeTaps(long outSize, long inSize, long kernel,
        long stride, long dilation, long pad)
    {
        var taps = new List<(long, long)>[stride];
        long before = 0, after = 0;
        for (var r = 0L; r < stride; r++)
        {
            taps[r] = [];
            var count = (outSize - r + stride - 1) / stride;
            for (var k = 0L; k < kernel && count > 0; k++)
            {
                var e = r + pad - (k * dilation);
                if (((e % stride) + stride) % stride != 0)
                {
                    continue;
                }

                var d = FloorDiv(e, stride);
                taps[r].Add((k, d));
                before = Math.Max(before, -d);
                after = Math.Max(after, count - 1 + d - (inSize - 1));
            }
        }

        return (taps, before, after);
    }

    /// <summary>ConvTranspose [C, OC/group, KH, KW] weights as the [OC·KH·KW, C] matrix of <see cref="LowerTransposeAsGemm"/>.</summary>
    private static TensorData WeightsAsRows(TensorData w, long c) =>
        MatMulLowering.Transpose2D(TensorData.FromBytes(w.ElementType, [c, w.ElementCount / c], w.Data));

    /// <summary>ConvTranspose by gathering (any group, weights computed at run time): output (oh, ow) reads input (ih, iw)
    /// where oh + pad − kh·dilation = ih·stride.</summary>
    private static void LowerTransposeByGathering(LNode node, LoweringContext ctx, ConvGeometry g)
    {
        var group = node.Attributes.GetInt("group", 1);
        var cg = g.C / group;
        var cog = g.OC / group;
        var x = ctx.Buffer(node.Inputs[0]!);
        var weights = ctx.Buffer(node.Inputs[1]!);
        var bias = node.Input(2) is { } bv ? ctx.Buffer(bv) : null;
        var output = ctx.Buffer(node.FinalOutput);
        var em = new ElementwiseEmitter(ctx, node.Epilogue, node.Output, node.FinalOutput.Shape);
        var taps = g.KH * g.KW;
        var b = ctx.NewKernel(node.Name);
        b.For(0, g.N * g.OC, 1, t =>
        {
            var n = b.Div(t, g.OC);
            var co = b.Rem(t, g.OC);
            var gi = b.Div(co, cog);
            var j = b.Rem(co, cog);
            b.ForEach([g.OH, g.OW], pos =>
            {
                var (oh, ow) = (pos[0], pos[1]);
                KernelValue acc = bias is null ? b.F32(0) : b.Load(bias, co);
                for (var kh = 0L; kh < g.KH; kh++)
                {
                    for (var kw = 0L; kw < g.KW; kw++)
                    {
                        var (ih, okH) = Source(b, oh, g.PadTop - (kh * g.DH), g.SH, g.H);
                        var (iw, okW) = Source(b, ow, g.PadLeft - (kw * g.DW), g.SW, g.W);
                        var tap = (kh * g.KW) + kw;
                        var before = acc;
                        acc = b.If(b.And(okH, okW), () => b.For(0, cg, 1, before, (ci, a) =>
                        {
                            var c = b.Affine(0, (gi, cg), (ci, 1));
                            var xi = b.Affine(0, (n, g.C * g.H * g.W), (c, g.H * g.W), (ih, g.W), (iw, 1));
                            var wi = b.Affine(tap, (c, cog * taps), (j, taps));
                            return b.Fma(b.Load(x, xi), b.Load(weights, wi), a);
                        }), () => before);
                    }
                }

                ImmutableArray<KernelValue> idx = g.OneD ? [n, co, ow] : [n, co, oh, ow];
                b.Store(output, b.Affine(0, (t, g.OH * g.OW), (oh, g.OW), (ow, 1)), em.Emit(b, acc, idx, 1));
            });
        }, parallel: true, name: "t");
    }

    /// <summary>The input coordinate of output coordinate <paramref name="o"/> for a transposed convolution tap:
    /// (o + offset) / stride when that divides exactly and lies in [0, size); the index is clamped so it is always valid.</summary>
    private static (KernelValue Index, KernelValue Valid) Source(KernelBuilder b, KernelValue o, long offset, long stride, long size)
    {
        var t = b.Add(o, b.Index(offset));
        var i = stride == 1 ? t : b.Div(t, stride);
        var valid = b.And(b.Ge(t, b.Index(0)), b.Lt(i, b.Index(size)));
        if (stride != 1)
        {
            valid = b.And(valid, b.Eq(b.Rem(t, stride), b.Index(0)));
        }

        return (b.Clamp(i, b.Index(0), b.Index(size - 1)), valid);
    }

    /// <summary>Copies the input into a zero-bordered temp [N, C, hp, phases, wq]: padded column w = q·phases + p is
    /// at phase p, position q (one phase: the plain padded image).</summary>
    private static KernelBuffer PadInput(LNode node, LoweringContext ctx, ConvGeometry g, KernelBuffer x, long hp, long phases, long wq)
    {
        var padded = ctx.NewTemp(node.Inputs[0]!.Name + "_padded", ElementType.F32, [g.N, g.C, hp, phases, wq]);
        var b = ctx.NewKernel(node.Name + "_pad");
        b.For(0, g.N * g.C, 1, t => b.For(0, hp, 1, r =>
        {
            var i = b.Sub(r, g.PadTop);
            var src = b.Affine(0, (t, g.H * g.W), (b.Clamp(i, b.Index(0), b.Index(g.H - 1)), g.W));
            var inside = b.And(b.Ge(i, b.Index(0)), b.Lt(i, b.Index(g.H)));
            for (var p = 0L; p < phases; p++)
            {
                var dst = b.Affine(p * wq, (t, hp * phases * wq), (r, phases * wq));
                CopyPaddedRow(b, ctx.Lanes, padded, dst, wq, x, src, inside, phases, p - g.PadLeft, g.W);
            }
        }), parallel: true, name: "t");
        return padded;
    }

    /// <summary>Writes one row of a zero-bordered copy: dst[d + q] = src[s + q·stride + offset] where that column lies in
    /// [0, width) and <paramref name="inside"/> (the source row exists) holds, else 0, for q in [0, count). The columns
    /// before and after the input are constant, so the row is three loops (zeros, copy, zeros), vectorized when the copy
    /// is contiguous.</summary>
    private static void CopyPaddedRow(KernelBuilder b, int lanes, KernelBuffer dst, KernelValue d, long count, KernelBuffer src,
        KernelValue s, KernelValue inside, long stride, long offset, long width)
    {
        var lo = Math.Clamp(CeilDiv(-offset, stride), 0, count);
        var hi = Math.Clamp(FloorDiv(width - 1 - offset, stride) + 1, lo, count);
        var l = stride == 1 ? lanes : 1;
        Range(0, lo, lanes, (q, n) => b.Store(dst, b.Add(d, q), b.Const(KernelType.F32.WithLanes(n), 0.0)));
        b.If(inside, () => Range(lo, hi, l, (q, n) =>
        {
            var from = b.Affine(offset, (s, 1), (q, stride));
            b.Store(dst, b.Add(d, q), n > 1 ? b.VLoad(src, from, n) : b.Load(src, from));
        }), () => Range(lo, hi, lanes, (q, n) => b.Store(dst, b.Add(d, q), b.Const(KernelType.F32.WithLanes(n), 0.0))));
        Range(hi, count, lanes, (q, n) => b.Store(dst, b.Add(d, q), b.Const(KernelType.F32.WithLanes(n), 0.0)));

        void Range(long first, long end, int step, Action<KernelValue, int> body)
        {
            var main = step > 1 ? first + ((end - first) / step * step) : first;
            if (main > first)
            {
                b.For(first, main, step, q => body(q, step), name: "v");
            }

            if (end > main)
            {
                b.For(main, end, 1, q => body(q, 1), name: "q");
            }
        }
    }

    private static long FloorDiv(long a, long b) => (long)Math.Floor((double)a / b);

    private static long CeilDiv(long a, long b) => (long)Math.Ceiling((double)a / b);

    /// <summary>Calls <paramref name="tap"/> for every (kh, kw): unrolled when there are few taps, else in loops that
    /// carry the accumulators.</summary>
    internal static void Taps(KernelBuilder b, long kh, long kw, KernelValue[] acc, Action<IndexArg, IndexArg, KernelValue[]> tap)
    {
        if (kh * kw <= MaxUnrolledTaps)
        {
            for (var i = 0L; i < kh; i++)
            {
                for (var j = 0L; j < kw; j++)
                {
                    tap(i, j, acc);
                }
            }

            return;
        }

        var result = b.For(0, kh, 1, acc, (i, outer) => b.For(0, kw, 1, outer, (j, inner) =>
        {
            var next = inner.ToArray();
            tap(i, j, next);
            return next;
        }));
        result.CopyTo(acc);
    }
}
