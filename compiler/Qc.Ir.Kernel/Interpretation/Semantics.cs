using C = Qc.Ir.Kernel.KernelDiagnosticCodes;

namespace Qc.Ir.Kernel;

/// <summary>The per-lane functions of the elementwise opcodes (specs/kernel-ir.md, "Semantics").</summary>
/// <remarks>f32 is computed in <see cref="float"/>, f64 in <see cref="double"/>; f16 and bf16 are computed in f32 (fma in
/// f64) and rounded to their type after every op. Integers wrap to their width.</remarks>
internal static class Semantics
{
    public static Func<double, double> FloatUnary(Opcode op, ScalarKind k)
    {
        if (k == ScalarKind.F64)
        {
            return op switch
            {
                Opcode.Neg => x => -x,
                Opcode.Abs => Math.Abs,
                Opcode.Exp => Math.Exp,
                Opcode.Log => Math.Log,
                Opcode.Sqrt => Math.Sqrt,
                Opcode.Rsqrt => x => 1 / Math.Sqrt(x),
                Opcode.Tanh => Math.Tanh,
                Opcode.Erf => Numerics.Erf,
                Opcode.Floor => Math.Floor,
                Opcode.Ceil => Math.Ceiling,
                Opcode.RoundEven => x => Math.Round(x, MidpointRounding.ToEven),
                _ => throw new InvalidOperationException($"{op} is not a unary float op"),
            };
        }

        Func<float, float> f = op switch
        {
            Opcode.Neg => x => -x,
            Opcode.Abs => MathF.Abs,
            Opcode.Exp => MathF.Exp,
            Opcode.Log => MathF.Log,
            Opcode.Sqrt => MathF.Sqrt,
            Opcode.Rsqrt => x => 1f / MathF.Sqrt(x),
            Opcode.Tanh => MathF.Tanh,
            Opcode.Erf => x => (float)Numerics.Erf(x),
            Opcode.Floor => MathF.Floor,
            Opcode.Ceil => MathF.Ceiling,
            Opcode.RoundEven => x => MathF.Round(x, MidpointRounding.ToEven),
            _ => throw new InvalidOperationException($"{op} is not a unary float op"),
        };
        return k == ScalarKind.F32 ? x => f((float)x) : x => Numerics.RoundFloat(k, f((float)x));
    }

    public static Func<double, double, double> FloatBinary(Opcode op, ScalarKind k)
    {
        if (k == ScalarKind.F64)
        {
            return op switch
            {
                Opcode.Add => (x, y) => x + y,
                Opcode.Sub => (x, y) => x - y,
                Opcode.Mul => (x, y) => x * y,
                Opcode.Div => (x, y) => x / y,
                Opcode.Rem => (x, y) => x % y,
                Opcode.Min => Math.Min,
                Opcode.Max => Math.Max,
                Opcode.Pow => Math.Pow,
                _ => throw new InvalidOperationException($"{op} is not a binary float op"),
            };
        }

        Func<float, float, float> f = op switch
        {
            Opcode.Add => (x, y) => x + y,
            Opcode.Sub => (x, y) => x - y,
            Opcode.Mul => (x, y) => x * y,
            Opcode.Div => (x, y) => x / y,
            Opcode.Rem => (x, y) => x % y,
            Opcode.Min => MathF.Min,
            Opcode.Max => MathF.Max,
            Opcode.Pow => MathF.Pow,
            _ => throw new InvalidOperationException($"{op} is not a binary float op"),
        };
        return k == ScalarKind.F32 ? (x, y) => f((float)x, (float)y) : (x, y) => Numerics.RoundFloat(k, f((float)x, (float)y));
    }

    public static Func<long, long> IntUnary(Opcode op, ScalarKind k) => op switch
    {
        Opcode.Neg => x => Numerics.Wrap(k, unchecked(-x)),
        Opcode.Abs => x => Numerics.Wrap(k, x < 0 ? unchecked(-x) : x),
        _ => throw new InvalidOperationException($"{op} is not a unary integer op"),
    };

    public static Func<long, long, long> IntBinary(Opcode op, ScalarKind k, Func<string> divideByZero)
    {
        var bits = KernelType.BitsOf(k);
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        return op switch
        {
            Opcode.Add => (x, y) => Numerics.Wrap(k, unchecked(x + y)),
            Opcode.Sub => (x, y) => Numerics.Wrap(k, unchecked(x - y)),
            Opcode.Mul => (x, y) => Numerics.Wrap(k, unchecked(x * y)),
            Opcode.Div => (x, y) => y == 0 ? throw new KernelFault(C.DivisionByZero, divideByZero())
                : y == -1 ? Numerics.Wrap(k, unchecked(-x)) : Numerics.Wrap(k, x / y),
            Opcode.Rem => (x, y) => y == 0 ? throw new KernelFault(C.DivisionByZero, divideByZero())
                : y == -1 ? 0 : x % y,
            Opcode.Min => Math.Min,
            Opcode.Max => Math.Max,
            Opcode.And => (x, y) => x & y,
            Opcode.Or => (x, y) => x | y,
            Opcode.Xor => (x, y) => x ^ y,
            Opcode.Shl => (x, y) => Numerics.Wrap(k, x << (int)(y & (bits - 1))),
            Opcode.Shr => (x, y) => Numerics.Wrap(k, (long)(((ulong)x & mask) >> (int)(y & (bits - 1)))),
            Opcode.AShr => (x, y) => Numerics.Wrap(k, SignExtend(x, bits) >> (int)(y & (bits - 1))),
            _ => throw new InvalidOperationException($"{op} is not a binary integer op"),
        };
    }

    private static long SignExtend(long x, int bits) => bits == 64 ? x : (x << (64 - bits)) >> (64 - bits);
}
