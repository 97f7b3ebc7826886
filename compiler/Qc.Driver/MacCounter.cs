using Qc.Ir.Graph;

namespace Qc.Driver;

/// <summary>Estimates multiply-accumulates per op from static shapes.</summary>
internal static class MacCounter
{
    /// <summary>MACs of one op: 0 for ops without multiply-accumulate, null when a needed shape is not static.</summary>
    public static long? Macs(Op op)
    {
        switch (op.Schema.OpType)
        {
            case "Conv" or "ConvInteger" or "QLinearConv":
            {
                // Y[N, M, out...] = sum over C/group and kernel
                var wIndex = op.Schema.OpType == "QLinearConv" ? 3 : 1;
                var w = op.InputTensor(wIndex)?.StaticDims;
                var y = (op.Result.Type as TensorType)?.StaticDims;
                if (w is null || y is null)
                {
                    return null;
                }

                return Product(y) * Product(w[1..]);
            }

            case "ConvTranspose":
            {
                var x = op.InputTensor(0)?.StaticDims;
                var w = op.InputTensor(1)?.StaticDims;
                if (x is null || w is null)
                {
                    return null;
                }

                // every input element meets (M/group) * kernel weights
                return Product(x) * Product(w[1..]);
            }

            case "MatMul" or "MatMulInteger" or "QLinearMatMul":
            {
                var a = op.InputTensor(0)?.StaticDims;
                var y = (op.Result.Type as TensorType)?.StaticDims;
                if (a is null || y is null || a.Length == 0)
                {
                    return null;
                }

                return Product(y) * a[^1];
            }

            case "Gemm":
            {
                var a = op.InputTensor(0)?.StaticDims;
                var y = (op.Result.Type as TensorType)?.StaticDims;
                if (a is null || y is null || a.Length != 2)
                {
                    return null;
                }

                var k = op.Attributes.GetInt("transA", 0) != 0 ? a[0] : a[1];
                return Product(y) * k;
            }

            default:
                return op.Results.All(r => r.Type is not TensorType t || t.IsStatic) ? 0 : null;
        }
    }

    /// <summary>Elements of all tensor results, when static.</summary>
    public static long? OutputElements(Op op)
    {
        if (op.Schema.OpType is "Shape" or "Size" or "Reshape" or "Flatten" or "Squeeze" or "Unsqueeze" or "Identity" or "Constant"
            or "ConstantOfShape")
        {
            return 0;
        }

        long total = 0;
        foreach (var r in op.Results)
        {
            if (r.Type is TensorType t)
            {
                if (t.ElementCount is not { } n)
                {
                    return null;
                }

                total += n;
            }
        }

        return total;
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
