namespace Qc.Ir.Kernel;

/// <summary>Exact scalar semantics shared by the builder, the parser and the interpreter (specs/kernel-ir.md, "Semantics").</summary>
/// <remarks>Integers are held in a <see cref="long"/> sign- or zero-extended from their width ("canonical"); floats in a
/// <see cref="double"/> that is exactly representable in their type.</remarks>
public static class Numerics
{
    /// <summary>Wraps an integer to a kind's width and re-extends it (i1 keeps the low bit).</summary>
    public static long Wrap(ScalarKind kind, long v) => kind switch
    {
        ScalarKind.I1 => v & 1,
        ScalarKind.I8 => (sbyte)v,
        ScalarKind.I16 => (short)v,
        ScalarKind.I32 => (int)v,
        ScalarKind.U8 => (byte)v,
        ScalarKind.U16 => (ushort)v,
        ScalarKind.U32 => (uint)v,
        _ => v,
    };

    /// <summary>The smallest value of an integer kind.</summary>
    public static long MinOf(ScalarKind kind) => kind switch
    {
        ScalarKind.I8 => sbyte.MinValue,
        ScalarKind.I16 => short.MinValue,
        ScalarKind.I32 => int.MinValue,
        ScalarKind.I64 => long.MinValue,
        _ => 0,
    };

    /// <summary>The largest value of an integer kind.</summary>
    public static long MaxOf(ScalarKind kind) => kind switch
    {
        ScalarKind.I1 => 1,
        ScalarKind.I8 => sbyte.MaxValue,
        ScalarKind.I16 => short.MaxValue,
        ScalarKind.I32 => int.MaxValue,
        ScalarKind.U8 => byte.MaxValue,
        ScalarKind.U16 => ushort.MaxValue,
        ScalarKind.U32 => uint.MaxValue,
        _ => long.MaxValue,
    };

    /// <summary>Rounds a double to the nearest value of a float kind (ties to even).</summary>
    public static double RoundFloat(ScalarKind kind, double v) => kind switch
    {
        ScalarKind.F32 => (float)v,
        ScalarKind.F16 => (double)(Half)v,
        ScalarKind.BF16 => RoundBf16((float)v),
        _ => v,
    };

    /// <summary>Rounds a float to bfloat16 (nearest, ties to even; NaN stays NaN) and widens it back.</summary>
    public static float RoundBf16(float v)
    {
        if (float.IsNaN(v))
        {
            return float.NaN;
        }

        var bits = BitConverter.SingleToUInt32Bits(v);
        bits += 0x7FFF + ((bits >> 16) & 1);
        return BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u);
    }

    /// <summary>Float to integer for <see cref="Opcode.Cast"/>: truncates toward zero, saturates, NaN gives 0.</summary>
    public static long FloatToIntTruncSat(ScalarKind kind, double v) => Saturate(kind, Math.Truncate(v));

    /// <summary>Float to integer for <see cref="Opcode.CastSat"/>: rounds half to even, saturates, NaN gives 0.</summary>
    public static long FloatToIntRoundSat(ScalarKind kind, double v) => Saturate(kind, Math.Round(v, MidpointRounding.ToEven));

    /// <summary>Clamps an integral double to a kind's range (NaN gives 0).</summary>
    public static long Saturate(ScalarKind kind, double v)
    {
        if (double.IsNaN(v))
        {
            return 0;
        }

        if (kind == ScalarKind.I64)
        {
            return v >= 9.2233720368547758E18 ? long.MaxValue : v <= -9.2233720368547758E18 ? long.MinValue : (long)v;
        }

        return (long)Math.Clamp(v, MinOf(kind), MaxOf(kind));
    }

    /// <summary>Clamps an integer to a kind's range.</summary>
    public static long Clamp(ScalarKind kind, long v) => Math.Clamp(v, MinOf(kind), MaxOf(kind));

    /// <summary>Converts a float to i1: 1 unless it is zero (NaN gives 1).</summary>
    public static long FloatToBool(double v) => v != 0 ? 1 : 0;

    /// <summary>An integer value converted to a float kind (nearest, ties to even).</summary>
    public static double IntToFloat(ScalarKind kind, long v) => kind switch
    {
        ScalarKind.F32 => (float)v,
        ScalarKind.F64 => v,
        ScalarKind.F16 => (double)(Half)(double)v,
        _ => RoundBf16((float)v),
    };

    /// <summary>The error function, accurate to a few units in the last place of a double.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var ax = Math.Abs(x);
        if (ax >= 6)
        {
            return Math.Sign(x);
        }

        if (ax < 2.5)
        {
            // Maclaurin series: erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
            double sum = 0, term = x, x2 = x * x;
            for (var n = 0; n < 200; n++)
            {
                var add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }

                term *= -x2 / (n + 1);
            }

            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        // erfc by its continued fraction (modified Lentz), converges fast for |x| >= 2.5.
        const double tiny = 1e-300;
        double f = ax, c = ax, d = 0;
        for (var n = 1; n < 300; n++)
        {
            var a = n / 2.0;
            d = ax + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = ax + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        var erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / f;
        return Math.Sign(x) * (1 - erfc);
    }
}
