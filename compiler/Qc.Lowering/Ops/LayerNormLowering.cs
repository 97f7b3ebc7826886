using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>LayerNormalization over the axes from <c>axis</c> on (and InstanceNormalization over each channel's plane,
/// with per-channel scale and bias): mean, variance (two passes), then (x - mean) / sqrt(var + epsilon) · scale + bias;
/// the optional Mean and InvStdDev results are written when used.</summary>
internal sealed class LayerNormLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node)
    {
        var x = node.Inputs[0]!;
        if (!x.ElementType.IsFloat())
        {
            return "the input must be a float tensor";
        }

        var d = Row(node);
        if (node.OpType == "InstanceNormalization")
        {
            return x.Shape.Length < 3 ? "the input needs rank 3 or more" : null;
        }

        return node.Inputs.Skip(1).OfType<LValue>().Any(v => v.ElementCount != 1 && v.ElementCount != d)
            ? "scale and bias must have one element or one per normalized element"
            : null;
    }

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx)
    {
        var x = node.Inputs[0]!;
        var d = Row(node);
        var rows = x.ElementCount / Math.Max(1, d);
        var type = ElementwiseOps.Typed(x.ElementType, 1);
        var input = ctx.Buffer(x);
        var output = ctx.Buffer(node.Output);
        var scale = node.Inputs[1]!;
        var bias = node.Input(2);
        var eps = node.Attributes.GetFloat("epsilon", 1e-5f);
        var lanes = ctx.Lanes;
        var perChannel = node.OpType == "InstanceNormalization";
        var b = ctx.NewKernel(node.Name);
        b.For(0, rows, 1, r =>
        {
            KernelValue At(KernelValue j) => b.Affine(0, (r, d), (j, 1));
            KernelValue Load(KernelValue j, int l) => l > 1 ? b.VLoad(input, At(j), l) : b.Load(input, At(j));
            KernelValue Splat(KernelValue v, int l) => Rows.Splat(b, v, l);
            var n = b.Const(type, d);
            var mean = b.Div(Rows.Reduce(b, d, lanes, b.Const(type, 0.0), Opcode.Add, Load), n);
            var variance = b.Div(Rows.Reduce(b, d, lanes, b.Const(type, 0.0), Opcode.Add, (j, l) =>
            {
                var c = b.Sub(Load(j, l), Splat(mean, l));
                return b.Mul(c, c);
            }), n);
            var inv = b.Div(b.Const(type, 1.0), b.Sqrt(b.Add(variance, b.Const(type, eps))));
            var channel = perChannel ? b.Rem(r, x.Shape[1]) : null;
            var channelScale = perChannel ? b.Load(ctx.Buffer(scale), channel!) : null;
            var channelBias = perChannel && bias is not null ? b.Load(ctx.Buffer(bias), channel!) : null;
            ElementwiseEmitter.LoopWithTail(b, d, lanes, (j, l) =>
            {
                var y = b.Mul(b.Mul(b.Sub(Load(j, l), Splat(mean, l)), Splat(inv, l)), perChannel ? Splat(channelScale!, l) : Param(b, ctx, scale, d, j, l));
                if (bias is not null)
                {
                    y = b.Add(y, perChannel ? Splat(channelBias!, l) : Param(b, ctx, bias, d, j, l));
                }

                b.Store(output, At(j), y);
            });
            if (node.Outputs.Count > 1 && Used(node.Outputs[1]))
            {
                b.Store(ctx.Buffer(node.Outputs[1]), r, b.Cast(mean, ElementwiseOps.Typed(node.Outputs[1].ElementType, 1).Scalar));
            }

            if (node.Outputs.Count > 2 && Used(node.Outputs[2]))
            {
                b.Store(ctx.Buffer(node.Outputs[2]), r, b.Cast(inv, ElementwiseOps.Typed(node.Outputs[2].ElementType, 1).Scalar));
            }
        }, parallel: true, name: "r");
    }

    private static bool Used(LValue v) => v.IsGraphOutput || v.Consumers.Count > 0;

    private static KernelValue Param(KernelBuilder b, LoweringContext ctx, LValue v, long d, KernelValue j, int lanes)
    {
        var buffer = ctx.Buffer(v);
        if (v.ElementCount == 1 || d == 1)
        {
            var s = b.Load(buffer, 0);
            return lanes > 1 ? b.Broadcast(s, lanes) : s;
        }

        return lanes > 1 ? b.VLoad(buffer, j, lanes) : b.Load(buffer, j);
    }

    /// <summary>The number of elements normalized together: from <c>axis</c> on, or (InstanceNormalization) one plane.</summary>
    private static long Row(LNode node)
    {
        var shape = node.Inputs[0]!.Shape;
        if (node.OpType == "InstanceNormalization")
        {
            return shape.Skip(2).Aggregate(1L, (p, v) => p * v);
        }

        ShapeHelpers.TryNormalizeAxis(node.Attributes.GetInt("axis", -1), Math.Max(1, shape.Length), out var axis);
        return shape.Skip(axis).Aggregate(1L, (p, v) => p * v);
    }
}
