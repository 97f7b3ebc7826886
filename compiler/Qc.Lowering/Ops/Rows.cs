using Qc.Ir.Kernel;

namespace Qc.Lowering.Ops;

/// <summary>Reductions along a row of <c>n</c> elements: vector accumulators over whole vectors, a lane reduction,
/// then a scalar loop over the tail.</summary>
internal static class Rows
{
    /// <summary>Combines <paramref name="init"/> with <paramref name="load"/>(j) for j in [0, n) using
    /// <paramref name="combine"/> (<see cref="Opcode.Add"/>, <see cref="Opcode.Max"/> or <see cref="Opcode.Min"/>).</summary>
    /// <remarks>The load callback gets the position and the lane count (1 or <paramref name="lanes"/>).</remarks>
    public static KernelValue Reduce(KernelBuilder b, long n, int lanes, KernelValue init, Opcode combine, Func<KernelValue, int, KernelValue> load)
    {
        var main = lanes > 1 && n >= lanes ? n / lanes * lanes : 0;
        var acc = init;
        if (main > 0)
        {
            var v = b.For(0, main, lanes, b.Broadcast(init, lanes), (j, a) => b.Op(combine, a.Type, a, load(j, lanes)), name: "v");
            acc = combine switch
            {
                Opcode.Add => b.ReduceAdd(v),
                Opcode.Max => b.ReduceMax(v),
                _ => b.ReduceMin(v),
            };
        }

        return main < n ? b.For(main, n, 1, acc, (j, a) => b.Op(combine, a.Type, a, load(j, 1)), name: "t") : acc;
    }

    /// <summary>The smallest value of a type (-inf for floats), the start of a maximum.</summary>
    public static KernelValue Lowest(KernelBuilder b, KernelType type) => type.IsFloat ? b.Const(type, double.NegativeInfinity)
        : b.Const(type, type.IsSigned ? -(1L << (type.BitWidth - 1)) : 0);

    /// <summary>The largest value of a type (+inf for floats), the start of a minimum.</summary>
    public static KernelValue Highest(KernelBuilder b, KernelType type) => type.IsFloat ? b.Const(type, double.PositiveInfinity)
        : b.Const(type, type.IsSigned ? (1L << (type.BitWidth - 1)) - 1 : type.BitWidth == 64 ? -1 : (1L << type.BitWidth) - 1);

    /// <summary>The row-major indices of flat index <paramref name="flat"/> in an array of <paramref name="dims"/>.</summary>
    public static KernelValue[] Unflatten(KernelBuilder b, KernelValue flat, long[] dims)
    {
        var result = new KernelValue[dims.Length];
        var rest = flat;
        for (var q = dims.Length - 1; q >= 0; q--)
        {
            if (dims[q] == 1)
            {
                result[q] = b.Index(0);
                continue;
            }

            result[q] = b.Rem(rest, dims[q]);
            rest = b.Div(rest, dims[q]);
        }

        return result;
    }

    /// <summary>A scalar in every lane (unchanged for one lane).</summary>
    public static KernelValue Splat(KernelBuilder b, KernelValue v, int lanes) => lanes > 1 ? b.Broadcast(v, lanes) : v;
}
