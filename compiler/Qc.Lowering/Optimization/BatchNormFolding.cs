using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Lowering.Model;

namespace Qc.Lowering.Optimization;

/// <summary>Folds an inference BatchNormalization into the Conv, ConvTranspose or Gemm before it when that op's result
/// has no other use: with a = scale / sqrt(var + eps), the weights of output channel c are multiplied by a[c] and the
/// bias becomes (bias - mean)·a + B. Weights are new constants; the BN disappears.</summary>
internal static class BatchNormFolding
{
    /// <summary>Returns the number of BatchNormalization ops folded.</summary>
    public static int Run(LGraph g)
    {
        var folded = 0;
        foreach (var bn in g.Nodes.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            if (bn.Inputs[0] is not { Producer: { } p } x || x.IsGraphOutput || x.Consumers.Count != 1 || bn.Outputs.Count != 1
                || bn.Attributes.GetInt("training_mode", 0) != 0 || bn.Inputs.Skip(1).Any(v => v?.Constant is not { ElementType: ElementType.F32 })
                || p.Outputs.Count != 1 || p.Input(1)?.Constant is not { ElementType: ElementType.F32 } w
                || (p.Input(2) is { } bias && bias.Constant is not { ElementType: ElementType.F32 }))
            {
                continue;
            }

            var eps = bn.Attributes.GetFloat("epsilon", 1e-5f);
            var scale = bn.Inputs[1]!.Constant!.ToArray<float>();
            var shift = bn.Inputs[2]!.Constant!.ToArray<float>();
            var mean = bn.Inputs[3]!.Constant!.ToArray<float>();
            var variance = bn.Inputs[4]!.Constant!.ToArray<float>();
            var a = new double[scale.Length];
            for (var c = 0; c < a.Length; c++)
            {
                a[c] = scale[c] / Math.Sqrt(variance[c] + (double)eps);
            }

            if (Fold(g, p, w, a, shift, mean))
            {
                p.Outputs[0] = bn.Output;
                bn.Output.Producer = p;
                g.Nodes.Remove(bn);
                folded++;
            }
        }

        g.RebuildConsumers();
        return folded;
    }

    private static bool Fold(LGraph g, LNode p, TensorData w, double[] a, float[] shift, float[] mean)
    {
        var weights = w.ToArray<float>();
        var dims = w.Dims;
        var channels = a.Length;
        double[] biasIn;
        switch (p.OpType)
        {
            case "Conv" when dims[0] == channels:
                {
                    var per = weights.Length / channels;
                    for (var i = 0; i < weights.Length; i++)
                    {
                        weights[i] = (float)(weights[i] * a[i / per]);
                    }

                    biasIn = Bias(p.Input(2), channels);
                    break;
                }

            case "ConvTranspose":
                {
                    var group = (int)p.Attributes.GetInt("group", 1);
                    var cog = (int)dims[1];
                    if (cog * group != channels)
                    {
                        return false;
                    }

                    var cgIn = (int)dims[0] / group;
                    var per = weights.Length / (int)dims[0] / cog;
                    for (var i = 0; i < weights.Length; i++)
                    {
                        var ci = i / (cog * per);
                        var j = i / per % cog;
                        weights[i] = (float)(weights[i] * a[(ci / cgIn * cog) + j]);
                    }

                    biasIn = Bias(p.Input(2), channels);
                    break;
                }

            case "Gemm" when dims.Length == 2:
                {
                    var transB = p.Attributes.GetInt("transB", 0) != 0;
                    var n = transB ? dims[0] : dims[1];
                    if (n != channels || (p.Input(2) is { } c && c.ElementCount != 1 && c.ElementCount != channels)
                        || (p.Input(2) is { } c2 && c2.Shape.Length == 2 && c2.Shape[0] != 1))
                    {
                        return false;
                    }

                    for (var i = 0; i < weights.Length; i++)
                    {
                        weights[i] = (float)(weights[i] * a[transB ? i / dims[1] : i % dims[1]]);
                    }

                    var beta = p.Attributes.GetFloat("beta", 1f);
                    biasIn = Bias(p.Input(2), channels).Select(v => v * beta).ToArray();
                    p.Attributes = p.Attributes.With("beta", new FloatAttr(1f));
                    break;
                }

            default:
                return false;
        }

        var bias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            bias[c] = (float)(((biasIn[c] - mean[c]) * a[c]) + shift[c]);
        }

        p.Inputs[1] = g.NewConstant(p.Inputs[1]!.Name + "_bn", TensorData.Create<float>(dims.AsSpan(), weights));
        var biasValue = g.NewConstant(p.Name + "_bn_bias", TensorData.Create<float>([channels], bias));
        if (p.Inputs.Count > 2)
        {
            p.Inputs[2] = biasValue;
        }
        else
        {
            p.Inputs.Add(biasValue);
        }

        return true;
    }

    private static double[] Bias(LValue? bias, int channels)
    {
        if (bias?.Constant is not { } data)
        {
            return new double[channels];
        }

        var values = data.ToArray<float>();
        return [.. Enumerable.Range(0, channels).Select(c => (double)values[values.Length == 1 ? 0 : c])];
    }
}
