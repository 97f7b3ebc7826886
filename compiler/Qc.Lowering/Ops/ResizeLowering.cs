using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Resize with mode nearest (round_prefer_floor, round_prefer_ceil, floor, ceil) or linear (n-linear), and the
/// coordinate transformations half_pixel, half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric and
/// tf_half_pixel_for_nearest.</summary>
/// <remarks>The source coordinates and weights of every output coordinate of each resized axis are computed at compile
/// time (in single precision, as ONNX Runtime does) into small weight tables; the kernel gathers through them. Axes
/// whose size and scale are 1:1 are copied straight through.</remarks>
internal sealed class ResizeLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node)
    {
        var a = node.Attributes;
        if (a.GetString("mode", "nearest") is not ("nearest" or "linear"))
        {
            return $"mode '{a.GetString("mode", "")}' is not supported (nearest and linear are)";
        }

        var transform = a.GetString("coordinate_transformation_mode", "half_pixel");
        if (transform is not ("half_pixel" or "half_pixel_symmetric" or "pytorch_half_pixel" or "align_corners" or "asymmetric"
            or "tf_half_pixel_for_nearest" or "tf_half_pixel_for_nn"))
        {
            return $"coordinate_transformation_mode '{transform}' is not supported";
        }

        if (a.GetInt("antialias", 0) != 0)
        {
            return "antialias is not supported";
        }

        if (node.Input(2) is { Constant: null } || node.Input(3) is { Constant: null })
        {
            return "scales and sizes must be constants";
        }

        return node.Inputs[0]!.ElementType.IsFloat() || a.GetString("mode", "nearest") == "nearest" ? null : "linear resizing needs a float input";
    }

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        var x = node.Inputs[0]!;
        var inShape = x.Shape;
        var outShape = node.Output.Shape;
        var rank = inShape.Length;
        var scales = Scales(node, rank);
        var linear = node.Attributes.GetString("mode", "nearest") == "linear";
        var strides = DataMovementLowering.Strides(inShape);
        var tables = new Table?[rank];
        for (var k = 0; k < rank; k++)
        {
            if (inShape[k] != outShape[k] || scales[k] != 1f)
            {
                tables[k] = Build(ctx, node, k, inShape[k], outShape[k], scales[k], linear);
            }
        }

        var input = ctx.Buffer(x);
        var output = ctx.Buffer(node.Output);
        var type = ElementwiseOps.Typed(x.ElementType, 1);
        var b = ctx.NewKernel(node.Name);
        b.ForEach(outShape, idx =>
        {
            var fixedTerms = new List<(IndexArg, long)>();
            var resized = new List<(KernelValue I0, KernelValue? I1, KernelValue? W1, long Stride)>();
            for (var k = 0; k < rank; k++)
            {
                if (tables[k] is not { } t)
                {
                    fixedTerms.Add((idx[k], strides[k]));
                    continue;
                }

                var i0 = b.Load(t.Index0, idx[k]);
                resized.Add(linear ? (i0, b.Load(t.Index1!, idx[k]), b.Cast(b.Load(t.Weight1!, idx[k]), type.Scalar), strides[k]) : (i0, null, null, strides[k]));
            }

            var baseIndex = b.Affine(0, [.. fixedTerms]);
            KernelValue Corner(int mask)
            {
                var terms = new List<(IndexArg, long)> { (baseIndex, 1) };
                for (var r = 0; r < resized.Count; r++)
                {
                    terms.Add(((mask >> r & 1) == 1 ? resized[r].I1! : resized[r].I0, resized[r].Stride));
                }

                return b.Load(input, b.Affine(0, [.. terms]));
            }

            KernelValue value;
            if (!linear)
            {
                value = Corner(0);
            }
            else
            {
                value = Lerp(0, 0);

                KernelValue Lerp(int r, int mask)
                {
                    if (r == resized.Count)
                    {
                        return Corner(mask);
                    }

                    var lo = Lerp(r + 1, mask);
                    var hi = Lerp(r + 1, mask | (1 << r));
                    return b.Add(lo, b.Mul(b.Sub(hi, lo), resized[r].W1!));
                }
            }

            b.Store(output, b.FlatIndex(outShape, [.. idx.Select(v => (IndexArg)v)]), value);
        }, parallel: true);
    }

    private static float[] Scales(LNode node, int rank)
    {
        var x = node.Inputs[0]!.Shape;
        var y = node.Output.Shape;
        var axes = node.Attributes.GetInts("axes") is { Length: > 0 } ax ? ax.Select(a => (int)(a < 0 ? a + rank : a)).ToArray()
            : [.. Enumerable.Range(0, rank)];
        var result = Enumerable.Range(0, rank).Select(k => (float)y[k] / x[k]).ToArray();
        if (node.Input(2)?.Constant is { ElementCount: > 0 } s)
        {
            var values = s.ToArray<float>();
            for (var i = 0; i < axes.Length && i < values.Length; i++)
            {
                result[axes[i]] = values[i];
            }
        }

        return result;
    }

    /// <summary>Source indices (and for linear, the upper neighbour and its weight) of every output coordinate of one axis.</summary>
    private static Table Build(LoweringContext ctx, LNode node, int axis, long inSize, long outSize, float scale, bool linear)
    {
        var mode = node.Attributes.GetString("coordinate_transformation_mode", "half_pixel");
        var nearest = node.Attributes.GetString("nearest_mode", "round_prefer_floor");
        var i0 = new long[outSize];
        var i1 = new long[outSize];
        var w1 = new float[outSize];
        for (var o = 0L; o < outSize; o++)
        {
            var c = Original(mode, o, scale, inSize, outSize);
            if (!linear)
            {
                var r = nearest switch
                {
                    "floor" => MathF.Floor(c),
                    "ceil" => MathF.Ceiling(c),
                    "round_prefer_ceil" => c - MathF.Floor(c) == 0.5f ? MathF.Ceiling(c) : MathF.Round(c, MidpointRounding.AwayFromZero),
                    _ => c - MathF.Floor(c) == 0.5f ? MathF.Floor(c) : MathF.Round(c, MidpointRounding.AwayFromZero),
                };
                i0[o] = Math.Clamp((long)r, 0, inSize - 1);
                continue;
            }

            c = Math.Clamp(c, 0f, inSize - 1);
            var lo = (long)MathF.Floor(c);
            i0[o] = lo;
            i1[o] = Math.Min(lo + 1, inSize - 1);
            w1[o] = c - lo;
        }

        string Name(string what) => ctx.UniqueBufferName($"{node.Output.Name}_axis{axis}_{what}");
        var m = ctx.Module;
        return linear
            ? new Table(m.AddWeight(Name("i0"), TensorData.Create<long>([outSize], i0)), m.AddWeight(Name("i1"), TensorData.Create<long>([outSize], i1)),
                m.AddWeight(Name("w1"), TensorData.Create<float>([outSize], w1)))
            : new Table(m.AddWeight(Name("index"), TensorData.Create<long>([outSize], i0)), null, null);
    }

    /// <summary>The input coordinate of output coordinate <paramref name="o"/> (ONNX Resize, single precision).</summary>
    private static float Original(string mode, long o, float scale, long inSize, long outSize) => mode switch
    {
        "asymmetric" => o / scale,
        "align_corners" => outSize == 1 ? 0f : o * (float)(inSize - 1) / (outSize - 1),
        "pytorch_half_pixel" => outSize > 1 ? ((o + 0.5f) / scale) - 0.5f : 0f,
        "tf_half_pixel_for_nearest" or "tf_half_pixel_for_nn" => (o + 0.5f) / scale,
        "half_pixel_symmetric" => (inSize / 2f * (1 - (outSize / (scale * inSize)))) + ((o + 0.5f) / scale) - 0.5f,
        _ => ((o + 0.5f) / scale) - 0.5f,
    };

    private sealed record Table(KernelBuffer Index0, KernelBuffer? Index1, KernelBuffer? Weight1);
}
