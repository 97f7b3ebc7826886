using Qc.Ir.Kernel;

namespace Qc.Lowering.Ops;

/// <summary>The trigonometric and hyperbolic ONNX ops written with kernel IR ops (there are no such opcodes, and
/// generated code calls no libm): Cody-Waite reduction by π/2 and Cephes' single-precision minimax polynomials for
/// sin/cos (|r| ≤ π/4), Cephes' atanf reduction for atan, and identities on exp, log, sqrt and atan for the rest, with short
/// Taylor series near 0 where an identity would cancel (sinh, asinh, atanh). Accurate to a few f32 ulps for |x| up to
/// about 10^4 (the reduction uses π/2 split in three parts).</summary>
internal static class Trigonometry
{
    /// <summary>The op types computed here.</summary>
    public static readonly IReadOnlySet<string> OpTypes = new HashSet<string>(
        ["Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh"], StringComparer.Ordinal);

    // π/2 = PiO2A + PiO2B + PiO2C, the first two exact in f32 with trailing zero bits (products with k stay exact).
    private const double PiO2A = 1.5703125;
    private const double PiO2B = 4.837512969970703125e-4;
    private const double PiO2C = 7.54978995489188216e-8;

    /// <summary>Computes <paramref name="opType"/> of <paramref name="x"/> (a float scalar or vector).</summary>
    public static KernelValue Apply(KernelBuilder b, string opType, KernelValue x)
    {
        KernelValue C(double v) => b.Const(x.Type, v);
        switch (opType)
        {
            case "Sin":
                {
                    var (s, c, q) = Reduced(b, x);
                    // quadrant 0: sin r, 1: cos r, 2: -sin r, 3: -cos r
                    var v = b.Select(Odd(b, q), c, s);
                    return b.Select(b.Ge(q, C(2)), b.Neg(v), v);
                }

            case "Cos":
                {
                    var (s, c, q) = Reduced(b, x);
                    // quadrant 0: cos r, 1: -sin r, 2: -cos r, 3: sin r
                    var v = b.Select(Odd(b, q), s, c);
                    return b.Select(b.Or(b.Eq(q, C(1)), b.Eq(q, C(2))), b.Neg(v), v);
                }

            case "Tan":
                {
                    var (s, c, q) = Reduced(b, x);
                    // tan = sin/cos of the quadrant: s/c in quadrants 0, 2 and -c/s in 1, 3
                    return b.Select(Odd(b, q), b.Neg(b.Div(c, s)), b.Div(s, c));
                }

            case "Atan":
                return Atan(b, x);
            case "Asin":
                // atan(x / sqrt(1 − x²)), with 1 − x² as (1 − x)(1 + x); ±1 gives atan(±inf) = ±π/2
                return Atan(b, b.Div(x, b.Sqrt(b.Mul(b.Sub(C(1), x), b.Add(C(1), x)))));
            case "Acos":
                // 2·atan(sqrt((1 − x)/(1 + x))): no cancellation near 1; −1 gives 2·atan(inf) = π
                return b.Mul(C(2), Atan(b, b.Sqrt(b.Div(b.Sub(C(1), x), b.Add(C(1), x)))));
            case "Sinh":
                {
                    var e = b.Exp(x);
                    var exact = b.Mul(C(0.5), b.Sub(e, b.Div(C(1), e)));
                    // x + x³/3! + x⁵/5! + x⁷/7! below 0.5 (the next term is < 3e-9 relative there)
                    var z = b.Mul(x, x);
                    var series = b.Fma(b.Mul(x, z), Poly(b, z, 1.0 / 6, 1.0 / 120, 1.0 / 5040), x);
                    return b.Select(b.Lt(b.Abs(x), C(0.5)), series, exact);
                }

            case "Cosh":
                {
                    var e = b.Exp(x);
                    return b.Mul(C(0.5), b.Add(e, b.Div(C(1), e)));
                }

            case "Asinh":
                {
                    // sign(x)·log(|x| + sqrt(x² + 1)); x − x³/6 + 3x⁵/40 − 15x⁷/336 below 0.125
                    var ax = b.Abs(x);
                    var big = b.Log(b.Add(ax, b.Sqrt(b.Fma(ax, ax, C(1)))));
                    var signed = b.Select(b.Lt(x, C(0)), b.Neg(big), big);
                    var z = b.Mul(x, x);
                    var series = b.Fma(b.Mul(x, z), Poly(b, z, -1.0 / 6, 3.0 / 40, -15.0 / 336), x);
                    return b.Select(b.Lt(ax, C(0.125)), series, signed);
                }

            case "Acosh":
                // log(x + sqrt((x − 1)(x + 1)))
                return b.Log(b.Add(x, b.Sqrt(b.Mul(b.Sub(x, C(1)), b.Add(x, C(1))))));
            default: // Atanh
                {
                    // ½·log((1 + x)/(1 − x)); x + x³/3 + x⁵/5 + x⁷/7 below 0.125
                    var exact = b.Mul(C(0.5), b.Log(b.Div(b.Add(C(1), x), b.Sub(C(1), x))));
                    var z = b.Mul(x, x);
                    var series = b.Fma(b.Mul(x, z), Poly(b, z, 1.0 / 3, 1.0 / 5, 1.0 / 7), x);
                    return b.Select(b.Lt(b.Abs(x), C(0.125)), series, exact);
                }
        }
    }

    /// <summary>x = k·π/2 + r with |r| ≤ π/4: sin r, cos r and the quadrant q = k mod 4 (as a float 0..3).</summary>
    private static (KernelValue Sin, KernelValue Cos, KernelValue Quadrant) Reduced(KernelBuilder b, KernelValue x)
    {
        KernelValue C(double v) => b.Const(x.Type, v);
        var k = b.RoundEven(b.Mul(x, C(2 / Math.PI)));
        var r = b.Fma(b.Neg(k), C(PiO2A), x);
        r = b.Fma(b.Neg(k), C(PiO2B), r);
        r = b.Fma(b.Neg(k), C(PiO2C), r);
        var q = b.Sub(k, b.Mul(C(4), b.Floor(b.Mul(k, C(0.25)))));
        var z = b.Mul(r, r);
        // Cephes sinf/cosf minimax coefficients on [−π/4, π/4]
        var sin = b.Fma(b.Mul(r, z), Poly(b, z, -1.6666654611e-1, 8.3321608736e-3, -1.9515295891e-4), r);
        var cos = b.Add(b.Fma(C(-0.5), z, C(1)), b.Mul(b.Mul(z, z), Poly(b, z, 4.166664568298827e-2, -1.388731625493765e-3, 2.443315711809948e-5)));
        return (sin, cos, q);
    }

    private static KernelValue Odd(KernelBuilder b, KernelValue q) =>
        b.Or(b.Eq(q, b.Const(q.Type, 1)), b.Eq(q, b.Const(q.Type, 3)));

    /// <summary>c0 + c1·z + c2·z² (Horner with fma).</summary>
    private static KernelValue Poly(KernelBuilder b, KernelValue z, double c0, double c1, double c2) =>
        b.Fma(b.Fma(b.Const(z.Type, c2), z, b.Const(z.Type, c1)), z, b.Const(z.Type, c0));

    /// <summary>Cephes atanf: |x| > tan(3π/8) → π/2 + atan(−1/|x|), |x| > tan(π/8) → π/4 + atan((|x| − 1)/(|x| + 1)), then
    /// a degree-9 odd polynomial; the sign of x is restored at the end.</summary>
    private static KernelValue Atan(KernelBuilder b, KernelValue x)
    {
        KernelValue C(double v) => b.Const(x.Type, v);
        var ax = b.Abs(x);
        var high = b.Gt(ax, C(2.414213562373095));
        var mid = b.Gt(ax, C(0.4142135623730950));
        var y0 = b.Select(high, C(Math.PI / 2), b.Select(mid, C(Math.PI / 4), C(0)));
        var t = b.Select(high, b.Div(C(-1), ax), b.Select(mid, b.Div(b.Sub(ax, C(1)), b.Add(ax, C(1))), ax));
        var z = b.Mul(t, t);
        var p = b.Fma(b.Fma(b.Fma(C(8.05374449538e-2), z, C(-1.38776856032e-1)), z, C(1.99777106478e-1)), z, C(-3.33329491539e-1));
        var y = b.Add(y0, b.Fma(b.Mul(p, z), t, t));
        return b.Select(b.Lt(x, C(0)), b.Neg(y), y);
    }
}
