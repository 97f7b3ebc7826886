using System.Globalization;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>The shape of a float operand: f32 or f64, scalar (1 lane) or vector.</summary>
internal readonly record struct FloatShape(bool Double, int Lanes)
{
    public int Bits => Double ? 64 : 32;
    public int MantissaBits => Double ? 52 : 23;
    public int Bias => Double ? 1023 : 127;
    public string Suffix => Lanes == 1 ? (Double ? "f64" : "f32") : $"v{Lanes.ToString(CultureInfo.InvariantCulture)}{(Double ? "f64" : "f32")}";
    public string IntSuffix => Lanes == 1 ? $"i{Bits}" : $"v{Lanes.ToString(CultureInfo.InvariantCulture)}i{Bits}";
    public FloatShape AsDouble => this with { Double = true };
    public FloatShape AsSingle => this with { Double = false };
}

/// <summary>Emits the math of kernel IR without libm: exp, log, tanh, erf, pow, float remainder, the f16/bf16
/// conversions, and portable floor/ceil/round_even/trunc for CPUs without rounding instructions (specs/codegen.md).</summary>
/// <remarks>Every sequence is straight-line code (selects, no branches or calls), so it vectorizes, and uses separate
/// <c>fmul</c>/<c>fadd</c> (never contracted: no fast-math flags), so every target computes the same bits.</remarks>
internal sealed class MathEmitter
{
    private readonly LlvmModuleBuilder _l;
    private readonly bool _nativeRounding;

    public MathEmitter(LlvmModuleBuilder l, bool nativeRounding)
    {
        _l = l;
        _nativeRounding = nativeRounding;
    }

    // ---- types, constants, intrinsics ----

    public LlvmType FloatType(FloatShape s) => Shaped(s.Double ? _l.F64 : _l.F32, s.Lanes);

    public LlvmType IntType(FloatShape s) => Shaped(_l.Int(s.Bits), s.Lanes);

    public LlvmType Shaped(LlvmType scalar, int lanes) => lanes == 1 ? scalar : _l.Vector(scalar, lanes);

    public LlvmValue Splat(LlvmValue scalarConstant, int lanes)
    {
        if (lanes == 1)
        {
            return scalarConstant;
        }

        var items = new LlvmValue[lanes];
        Array.Fill(items, scalarConstant);
        return _l.ConstVector(items);
    }

    public LlvmValue F(FloatShape s, double value) => Splat(_l.ConstReal(s.Double ? _l.F64 : _l.F32, value), s.Lanes);

    public LlvmValue I(FloatShape s, long value) => Splat(_l.ConstInt(_l.Int(s.Bits), value), s.Lanes);

    /// <summary>Calls an overloaded intrinsic, <c>llvm.NAME.SUFFIX</c>.</summary>
    public LlvmValue Intrinsic(string name, string suffix, LlvmType type, params LlvmValue[] args)
    {
        var types = new LlvmType[args.Length];
        Array.Fill(types, type);
        var fn = _l.DeclareFunction($"llvm.{name}.{suffix}", _l.FunctionType(type, types));
        return _l.Call(fn, args);
    }

    private LlvmValue FI(FloatShape s, string name, params LlvmValue[] args) => Intrinsic(name, s.Suffix, FloatType(s), args);

    private LlvmValue Add(LlvmValue a, LlvmValue b) => _l.FAdd(a, b);

    private LlvmValue Sub(LlvmValue a, LlvmValue b) => _l.FSub(a, b);

    private LlvmValue Mul(LlvmValue a, LlvmValue b) => _l.FMul(a, b);

    private LlvmValue Lt(LlvmValue a, LlvmValue b) => _l.FCmp(RealPredicate.Olt, a, b);

    private LlvmValue Gt(LlvmValue a, LlvmValue b) => _l.FCmp(RealPredicate.Ogt, a, b);

    private LlvmValue IsNan(LlvmValue a) => _l.FCmp(RealPredicate.Uno, a, a);

    private LlvmValue Sel(LlvmValue c, LlvmValue a, LlvmValue b) => _l.Select(c, a, b);

    public LlvmValue Abs(FloatShape s, LlvmValue x) => FI(s, "fabs", x);

    public LlvmValue CopySign(FloatShape s, LlvmValue magnitude, LlvmValue sign) => FI(s, "copysign", magnitude, sign);

    /// <summary>Horner evaluation <c>c[n]·x^n + ... + c[0]</c> with separate multiply and add.</summary>
    private LlvmValue Poly(FloatShape s, LlvmValue x, IReadOnlyList<double> c)
    {
        var acc = F(s, c[^1]);
        for (var i = c.Count - 2; i >= 0; i--)
        {
            acc = Add(Mul(acc, x), F(s, c[i]));
        }

        return acc;
    }

    // ---- rounding to integral values ----

    /// <summary>Round to nearest, ties to even.</summary>
    public LlvmValue RoundEven(FloatShape s, LlvmValue x)
    {
        if (_nativeRounding)
        {
            return FI(s, "roundeven", x);
        }

        // (|x| + 2^p) - 2^p rounds to an integer in the default rounding mode; |x| >= 2^p is already integral.
        var big = F(s, s.Double ? 4503599627370496.0 : 8388608.0);
        var a = Abs(s, x);
        var r = CopySign(s, Sub(Add(a, big), big), x);
        return Sel(Lt(a, big), r, x);
    }

    public LlvmValue Floor(FloatShape s, LlvmValue x)
    {
        if (_nativeRounding)
        {
            return FI(s, "floor", x);
        }

        var r = RoundEven(s, x);
        return Sel(Gt(r, x), Sub(r, F(s, 1)), r);
    }

    public LlvmValue Ceil(FloatShape s, LlvmValue x)
    {
        if (_nativeRounding)
        {
            return FI(s, "ceil", x);
        }

        var r = RoundEven(s, x);
        return Sel(Lt(r, x), Add(r, F(s, 1)), r);
    }

    public LlvmValue Trunc(FloatShape s, LlvmValue x)
    {
        if (_nativeRounding)
        {
            return FI(s, "trunc", x);
        }

        return CopySign(s, Floor(s, Abs(s, x)), x);
    }

    // ---- exp ----

    /// <summary>e^x: n = round(x·log2 e), r = x − n·ln2 (Cody–Waite, two constants), Taylor polynomial of e^r (degree 8
    /// for f32, 13 for f64, |r| ≤ ln2/2), scaled by 2^n in two exact steps (so subnormal results round once).</summary>
    public LlvmValue Exp(FloatShape s, LlvmValue x)
    {
        var (hi, lo) = s.Double ? (709.782712893384, -745.1332191019412) : (88.72283935546875, -103.97208404541016);
        var nan = IsNan(x);
        var xc = Sel(nan, F(s, 0), Sel(Gt(x, F(s, hi)), F(s, hi), Sel(Lt(x, F(s, lo)), F(s, lo), x)));
        var magic = F(s, s.Double ? 6755399441055744.0 : 12582912.0);
        var n = Sub(Add(Mul(xc, F(s, 1.4426950408889634)), magic), magic);
        var (ln2Hi, ln2Lo) = s.Double ? (6.93147180369123816490e-01, 1.90821492927058770002e-10) : (0.693359375, -2.12194440e-4);
        var r = Sub(Sub(xc, Mul(n, F(s, ln2Hi))), Mul(n, F(s, ln2Lo)));
        var p = Poly(s, r, TaylorExp(s.Double ? 13 : 8));
        var result = Ldexp(s, p, _l.FPToSI(n, IntType(s)));
        result = Sel(Gt(x, F(s, hi)), F(s, double.PositiveInfinity), result);
        result = Sel(Lt(x, F(s, lo)), F(s, 0), result);
        return Sel(nan, x, result);
    }

    /// <summary>x·2^n for integral n in [−1075, 1024], in two exact power-of-two steps.</summary>
    private LlvmValue Ldexp(FloatShape s, LlvmValue x, LlvmValue n)
    {
        var n1 = _l.AShr(n, I(s, 1));
        var n2 = _l.Sub(n, n1);
        return Mul(Mul(x, Pow2(s, n1)), Pow2(s, n2));
    }

    private LlvmValue Pow2(FloatShape s, LlvmValue n) =>
        _l.BitCast(_l.Shl(_l.Add(n, I(s, s.Bias)), I(s, s.MantissaBits)), FloatType(s));

    private static double[] TaylorExp(int degree)
    {
        var c = new double[degree + 1];
        double f = 1;
        for (var k = 0; k <= degree; k++)
        {
            f = k == 0 ? 1 : f * k;
            c[k] = 1 / f;
        }

        return c;
    }

    /// <summary>e^u − 1 for u ≤ 0 (tanh): Taylor series for |u| &lt; ln2/2, else exp(u) − 1.</summary>
    private LlvmValue ExpM1NonPositive(FloatShape s, LlvmValue u)
    {
        var c = TaylorExp(s.Double ? 14 : 8)[1..];
        var small = Mul(u, Poly(s, u, c));
        var large = Sub(Exp(s, u), F(s, 1));
        return Sel(Gt(u, F(s, -0.34657359027997264)), small, large);
    }

    // ---- log ----

    /// <summary>ln x: x = m·2^e with m in [√½, √2), s = (m−1)/(m+1), ln m = 2·atanh s (odd series, 5 terms for f32, 11 for
    /// f64), ln x = e·ln2_hi + (e·ln2_lo + 2s·R). Subnormals are scaled first.</summary>
    public LlvmValue Log(FloatShape s, LlvmValue x)
    {
        var it = IntType(s);
        var minNormal = s.Double ? 2.2250738585072014E-308 : 1.1754943508222875E-38;
        var scaleBits = s.Double ? 54 : 25;
        var sub = Lt(x, F(s, minNormal));
        var xs = Sel(sub, Mul(x, F(s, Math.Pow(2, scaleBits))), x);
        var bits = _l.BitCast(xs, it);
        var mantMask = (1L << s.MantissaBits) - 1;
        var e = _l.Sub(_l.LShr(bits, I(s, s.MantissaBits)), I(s, s.Bias));
        e = _l.Sub(e, _l.Select(sub, I(s, scaleBits), I(s, 0)));
        var m = _l.BitCast(_l.Or(_l.And(bits, I(s, mantMask)), I(s, (long)s.Bias << s.MantissaBits)), FloatType(s));
        var large = Gt(m, F(s, 1.4142135623730951));
        m = Sel(large, Mul(m, F(s, 0.5)), m);
        e = _l.Add(e, _l.Select(large, I(s, 1), I(s, 0)));
        var ef = _l.SIToFP(e, FloatType(s));
        var f = Sub(m, F(s, 1));
        var t = _l.FDiv(f, Add(f, F(s, 2)));
        var t2 = Mul(t, t);
        var terms = s.Double ? 11 : 5;
        var c = new double[terms + 1];
        for (var k = 0; k <= terms; k++)
        {
            c[k] = 1.0 / (2 * k + 1);
        }

        var r = Mul(Mul(t, F(s, 2)), Poly(s, t2, c));
        var (ln2Hi, ln2Lo) = s.Double ? (6.93147180369123816490e-01, 1.90821492927058770002e-10) : (0.693359375, -2.12194440e-4);
        var result = Add(Mul(ef, F(s, ln2Hi)), Add(Mul(ef, F(s, ln2Lo)), r));
        result = Sel(_l.FCmp(RealPredicate.Oeq, x, F(s, double.PositiveInfinity)), x, result);
        result = Sel(_l.FCmp(RealPredicate.Oeq, x, F(s, 0)), F(s, double.NegativeInfinity), result);
        result = Sel(_l.FCmp(RealPredicate.Oge, x, F(s, 0)), result, F(s, double.NaN));
        return Sel(IsNan(x), x, result);
    }

    // ---- tanh, erf ----

    /// <summary>tanh x = sign(x)·(−m/(m+2)) with m = expm1(−2|x|).</summary>
    public LlvmValue Tanh(FloatShape s, LlvmValue x)
    {
        var a = Abs(s, x);
        var m = ExpM1NonPositive(s, Mul(a, F(s, -2)));
        var t = _l.FDiv(_l.FNeg(m), Add(m, F(s, 2)));
        return CopySign(s, t, x);
    }

    /// <summary>erf x. f32: Maclaurin series (12 terms) for |x| &lt; 1, else 1 − erfc with the Chebyshev-fitted erfc of
    /// Numerical Recipes (fractional error &lt; 1.2e-7). f64: Maclaurin series (21 terms) for |x| &lt; 1,
    /// exp(−x²)·Σ 2^n x^(2n+1)/(2n+1)!! (positive terms, 41 of them) for |x| &lt; 2.5, else 1 − erfc from its continued fraction (depth 60); 1 from |x| ≥ 6.</summary>
    public LlvmValue Erf(FloatShape s, LlvmValue x)
    {
        var a = Abs(s, x);
        var x2 = Mul(a, a);
        const double twoOverSqrtPi = 1.1283791670955126;
        var c = new double[s.Double ? 21 : 12];
        double fact = 1;
        for (var n = 0; n < c.Length; n++)
        {
            fact = n == 0 ? 1 : fact * n;
            c[n] = twoOverSqrtPi * (n % 2 == 0 ? 1 : -1) / (fact * (2 * n + 1));
        }

        var small = Mul(a, Poly(s, x2, c));
        if (!s.Double)
        {
            var t = _l.FDiv(F(s, 1), Add(F(s, 1), Mul(a, F(s, 0.5))));
            double[] nr = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
            var erfc = Mul(t, Exp(s, Add(_l.FNeg(x2), Poly(s, t, nr))));
            var large = Sub(F(s, 1), erfc);
            return CopySign(s, Sel(Lt(a, F(s, 1)), small, large), x);
        }

        var d = new double[41];
        double dd = 1;
        for (var n = 0; n < d.Length; n++)
        {
            dd = n == 0 ? 1 : dd * 2 / (2 * n + 1);
            d[n] = dd;
        }

        var ex = Exp(s, _l.FNeg(x2));
        var series = Mul(Mul(F(s, twoOverSqrtPi), ex), Mul(a, Poly(s, x2, d)));
        var ac = Sel(Lt(a, F(s, 2.5)), F(s, 2.5), Sel(Gt(a, F(s, 6)), F(s, 6), a));
        var cf = ac;
        for (var n = 60; n >= 1; n--)
        {
            cf = Add(ac, _l.FDiv(F(s, n / 2.0), cf));
        }

        var tail = Sub(F(s, 1), _l.FDiv(Mul(Exp(s, _l.FNeg(Mul(ac, ac))), F(s, 0.5641895835477563)), cf));
        var r = Sel(Lt(a, F(s, 1)), small, Sel(Lt(a, F(s, 2.5)), series, Sel(_l.FCmp(RealPredicate.Oge, a, F(s, 6)), F(s, 1), tail)));
        return CopySign(s, Sel(IsNan(x), x, r), x);
    }

    // ---- pow, rem ----

    /// <summary>x^y with C <c>pow</c> special cases; |x|^y = exp(y·ln|x|), for f32 computed in f64.</summary>
    public LlvmValue Pow(FloatShape s, LlvmValue x, LlvmValue y)
    {
        var w = s.AsDouble;
        var xd = s.Double ? x : _l.FPExt(x, FloatType(w));
        var yd = s.Double ? y : _l.FPExt(y, FloatType(w));
        var mag = Exp(w, Mul(yd, Log(w, Abs(w, xd))));
        var yInt = _l.FCmp(RealPredicate.Oeq, Trunc(w, yd), yd);
        var half = Mul(yd, F(w, 0.5));
        var yOdd = _l.And(yInt, _l.FCmp(RealPredicate.One, Trunc(w, half), half));
        var negX = _l.ICmp(IntPredicate.Slt, _l.BitCast(xd, IntType(w)), I(w, 0));
        var r = Sel(_l.And(negX, yOdd), _l.FNeg(mag), mag);
        var xLt0 = Lt(xd, F(w, 0));
        var finiteY = _l.FCmp(RealPredicate.One, Abs(w, yd), F(w, double.PositiveInfinity));
        var finiteX = _l.FCmp(RealPredicate.One, Abs(w, xd), F(w, double.PositiveInfinity));
        r = Sel(_l.And(_l.And(_l.And(xLt0, finiteX), finiteY), _l.Xor(yInt, Splat(_l.ConstInt(_l.I1, 1), w.Lanes))), F(w, double.NaN), r);
        var absOne = _l.FCmp(RealPredicate.Oeq, Abs(w, xd), F(w, 1));
        r = Sel(_l.And(absOne, _l.FCmp(RealPredicate.Oeq, Abs(w, yd), F(w, double.PositiveInfinity))), F(w, 1), r);
        r = Sel(_l.FCmp(RealPredicate.Oeq, xd, F(w, 1)), F(w, 1), r);
        r = Sel(_l.FCmp(RealPredicate.Oeq, yd, F(w, 0)), F(w, 1), r);
        return s.Double ? r : _l.FPTrunc(r, FloatType(s));
    }

    /// <summary>fmod: x − trunc(x/y)·y with a one-step correction; f32 in f64 (exact while |x/y| &lt; 2^29), f64 with
    /// <c>llvm.fma</c> (exact while the quotient is exact in f64).</summary>
    public LlvmValue Rem(FloatShape s, LlvmValue x, LlvmValue y)
    {
        var w = s.AsDouble;
        var xd = s.Double ? x : _l.FPExt(x, FloatType(w));
        var yd = s.Double ? y : _l.FPExt(y, FloatType(w));
        var q = Trunc(w, _l.FDiv(xd, yd));
        var r = s.Double ? FI(w, "fma", _l.FNeg(q), yd, xd) : Sub(xd, Mul(q, yd));
        var wrongSign = _l.And(_l.FCmp(RealPredicate.One, r, F(w, 0)), _l.Xor(Lt(r, F(w, 0)), Lt(xd, F(w, 0))));
        r = Sel(wrongSign, Add(r, CopySign(w, yd, xd)), r);
        r = CopySign(w, Abs(w, r), xd);
        var yInf = _l.FCmp(RealPredicate.Oeq, Abs(w, yd), F(w, double.PositiveInfinity));
        var xFinite = _l.FCmp(RealPredicate.One, Abs(w, xd), F(w, double.PositiveInfinity));
        r = Sel(_l.And(yInf, xFinite), xd, r);
        return s.Double ? r : _l.FPTrunc(r, FloatType(s));
    }

    // ---- f16 and bf16 ----

    /// <summary>f32 → f16 bits (i16), round to nearest even, with subnormals, infinities and quiet NaNs.</summary>
    public LlvmValue F32ToF16Bits(int lanes, LlvmValue f)
    {
        var s = new FloatShape(false, lanes);
        var u = _l.BitCast(f, IntType(s));
        var sign = _l.And(u, I(s, unchecked((int)0x80000000)));
        u = _l.Xor(u, sign);
        var abs = _l.BitCast(u, FloatType(s));
        // subnormal or zero: align the 10 mantissa bits at the bottom with a magic addition (rounds to nearest even)
        var denormMagic = BitConverter.Int32BitsToSingle(((127 - 15) + (23 - 10) + 1) << 23);
        var sub = _l.Sub(_l.BitCast(Add(abs, F(s, denormMagic)), IntType(s)), I(s, BitConverter.SingleToInt32Bits(denormMagic)));
        // normal: rebias and round to nearest even
        var odd = _l.And(_l.LShr(u, I(s, 13)), I(s, 1));
        var norm = _l.LShr(_l.Add(_l.Add(u, I(s, ((15 - 127) << 23) + 0xFFF)), odd), I(s, 13));
        var special = _l.Select(_l.ICmp(IntPredicate.Ugt, u, I(s, 255 << 23)), I(s, 0x7E00), I(s, 0x7C00));
        var r = _l.Select(_l.ICmp(IntPredicate.Ult, u, I(s, 113 << 23)), sub, norm);
        r = _l.Select(_l.ICmp(IntPredicate.Uge, u, I(s, (127 + 16) << 23)), special, r);
        r = _l.Or(r, _l.LShr(sign, I(s, 16)));
        return _l.Trunc(r, Shaped(_l.I16, lanes));
    }

    /// <summary>f16 bits (i16) → f32 (exact).</summary>
    public LlvmValue F16BitsToF32(int lanes, LlvmValue h)
    {
        var s = new FloatShape(false, lanes);
        var hw = _l.ZExt(h, IntType(s));
        var o = _l.Shl(_l.And(hw, I(s, 0x7FFF)), I(s, 13));
        var exp = _l.And(o, I(s, 0x7C00 << 13));
        o = _l.Add(o, I(s, (127 - 15) << 23));
        var infNan = _l.Add(o, I(s, (128 - 16) << 23));
        var magic = BitConverter.Int32BitsToSingle(113 << 23);
        var denorm = _l.BitCast(Sub(_l.BitCast(_l.Add(o, I(s, 1 << 23)), FloatType(s)), F(s, magic)), IntType(s));
        o = _l.Select(_l.ICmp(IntPredicate.Eq, exp, I(s, 0x7C00 << 13)), infNan, o);
        o = _l.Select(_l.ICmp(IntPredicate.Eq, exp, I(s, 0)), denorm, o);
        o = _l.Or(o, _l.Shl(_l.And(hw, I(s, 0x8000)), I(s, 16)));
        return _l.BitCast(o, FloatType(s));
    }

    /// <summary>f32 → bf16 bits (i16), round to nearest even; NaN gives a quiet NaN.</summary>
    public LlvmValue F32ToBf16Bits(int lanes, LlvmValue f)
    {
        var s = new FloatShape(false, lanes);
        var u = _l.BitCast(f, IntType(s));
        var rounded = _l.LShr(_l.Add(_l.Add(u, I(s, 0x7FFF)), _l.And(_l.LShr(u, I(s, 16)), I(s, 1))), I(s, 16));
        var nan = _l.Or(_l.LShr(u, I(s, 16)), I(s, 0x40));
        var r = _l.Select(IsNan(f), nan, rounded);
        return _l.Trunc(r, Shaped(_l.I16, lanes));
    }

    /// <summary>bf16 bits (i16) → f32 (exact).</summary>
    public LlvmValue Bf16BitsToF32(int lanes, LlvmValue h)
    {
        var s = new FloatShape(false, lanes);
        return _l.BitCast(_l.Shl(_l.ZExt(h, IntType(s)), I(s, 16)), FloatType(s));
    }

    /// <summary>f64 → f32 rounding to odd (the sticky bit kept), so a following f32 → f16 rounding is correct.</summary>
    public LlvmValue F64ToF32RoundOdd(int lanes, LlvmValue d)
    {
        var s = new FloatShape(false, lanes);
        var r = _l.FPTrunc(d, FloatType(s));
        var back = _l.FPExt(r, FloatType(s.AsDouble));
        var inexact = _l.FCmp(RealPredicate.One, back, d);
        var bits = _l.BitCast(r, IntType(s));
        var even = _l.ICmp(IntPredicate.Eq, _l.And(bits, I(s, 1)), I(s, 0));
        var up = _l.FCmp(RealPredicate.Ogt, Abs(s.AsDouble, d), Abs(s.AsDouble, back));
        var adjusted = _l.Select(up, _l.Add(bits, I(s, 1)), _l.Sub(bits, I(s, 1)));
        return _l.BitCast(_l.Select(_l.And(inexact, even), adjusted, bits), FloatType(s));
    }
}
