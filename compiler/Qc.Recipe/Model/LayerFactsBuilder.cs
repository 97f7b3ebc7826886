using Qc.Ir.Graph;

namespace Qc.Recipe.Model;

/// <summary>Recognizes weight-bearing ops and computes their facts from the weight shape and attributes.</summary>
internal static class LayerFactsBuilder
{
    /// <summary>The facts of an op with a constant weight, or null for other ops.</summary>
    public static LayerFacts? TryCreate(Op op, int index)
    {
        var type = op.Schema.OpType;
        if (type is not ("Conv" or "ConvTranspose" or "Gemm" or "MatMul") || op.Schema.Domain.Length != 0)
        {
            return null;
        }

        if (op.Input(1)?.Producer is not ConstantOp weight || weight.Constant.Type.StaticDims is not { Length: > 0 } shape)
        {
            return null;
        }

        var bias = op.Input(2)?.Producer is ConstantOp b && type != "MatMul" ? b.Constant.Type.ElementCount ?? 0 : 0;
        var elements = Product(shape);
        long group = 1, outChannels, inChannels, reduced;
        int outAxis;
        switch (type)
        {
            case "Conv":
                group = Math.Max(1, op.Attributes.GetInt("group", 1));
                outAxis = 0;
                outChannels = shape[0];
                inChannels = shape.Length > 1 ? shape[1] * group : 1;
                reduced = Product(shape[1..]);
                break;
            case "ConvTranspose":
                group = Math.Max(1, op.Attributes.GetInt("group", 1));
                outAxis = 1;
                inChannels = shape[0];
                outChannels = shape.Length > 1 ? shape[1] * group : 1;
                reduced = shape[0] / group * (shape.Length > 2 ? Product(shape[2..]) : 1);
                break;
            case "Gemm":
                {
                    var transB = op.Attributes.GetInt("transB", 0) != 0;
                    outAxis = shape.Length < 2 ? 0 : transB ? 0 : 1;
                    outChannels = shape[outAxis];
                    inChannels = shape.Length < 2 ? 1 : shape[1 - outAxis];
                    reduced = inChannels;
                    break;
                }

            default: // MatMul: x @ W with W [..., K, N]
                outAxis = shape.Length - 1;
                outChannels = shape[^1];
                inChannels = shape.Length >= 2 ? shape[^2] : shape[0];
                reduced = inChannels;
                break;
        }

        var inputs = op.Inputs.Where(v => v is not null && v.Producer is not ConstantOp).Select(v => v!.Name).ToList();
        return new LayerFacts(op)
        {
            Index = index,
            OpType = type,
            Name = op.Name ?? op.Result.Name,
            Weight = weight.Constant.Name,
            Output = op.Result.Name,
            Inputs = [.. inputs],
            Shape = [.. shape],
            Params = elements + bias,
            WeightElements = elements,
            Macs = Macs(op, type, shape),
            OutAxis = outAxis,
            OutChannels = outChannels,
            InChannels = inChannels,
            Reduced = reduced,
            Group = group,
        };
    }

    private static long? Macs(Op op, string type, long[] w)
    {
        var y = (op.Result.Type as TensorType)?.StaticDims;
        var x = op.Input(0)?.TensorType?.StaticDims;
        switch (type)
        {
            case "Conv":
                return y is null ? null : Product(y) * Product(w[1..]);
            case "ConvTranspose":
                return x is null ? null : Product(x) * Product(w[1..]);
            case "Gemm":
                if (y is null || x is not { Length: 2 })
                {
                    return null;
                }

                return Product(y) * (op.Attributes.GetInt("transA", 0) != 0 ? x[0] : x[1]);
            default:
                return y is null || x is not { Length: > 0 } ? null : Product(y) * x[^1];
        }
    }

    private static long Product(ReadOnlySpan<long> dims)
    {
        long p = 1;
        foreach (var d in dims)
        {
            p *= d;
        }

        return p;
    }
}
