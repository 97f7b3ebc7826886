using Qc.Core.Tensors;

namespace Qc.Lowering.Tests;

/// <summary>Output comparisons: the backend rule with lowering's tolerances, and SQNR for whole models.</summary>
internal static class Compare
{
    /// <summary>Null when every element satisfies |got - exp| ≤ atol + rtol·|exp| (NaN matches NaN; non-floats exactly).</summary>
    public static string? Mismatch(TensorData got, TensorData expected, double rtol = 1e-3, double atol = 1e-5)
    {
        if (got.ElementType != expected.ElementType)
        {
            return $"element type {got.ElementType.Name()}, expected {expected.ElementType.Name()}";
        }

        if (got.ElementCount != expected.ElementCount)
        {
            return $"{got.ElementCount} elements, expected {expected.ElementCount}";
        }

        if (!expected.ElementType.IsFloat())
        {
            return got.Data.Span.SequenceEqual(expected.Data.Span) ? null : "values differ (exact match required)";
        }

        var g = got.ToDoubleArray();
        var e = expected.ToDoubleArray();
        for (var i = 0; i < e.Length; i++)
        {
            var ok = (double.IsNaN(g[i]) && double.IsNaN(e[i])) || g[i] == e[i] || Math.Abs(g[i] - e[i]) <= atol + (rtol * Math.Abs(e[i]));
            if (!ok)
            {
                return FormattableString.Invariant($"element {i}: {g[i]} vs expected {e[i]}");
            }
        }

        return null;
    }

    /// <summary>Null when every f32 element is within <paramref name="maxUlps"/> units in the last place of the expected
    /// one (the distance between their ordered bit patterns; NaN matches NaN, +0 matches −0) or within
    /// <paramref name="atol"/> (for results that cancel to near zero, whose ulp is tiny); other element types must
    /// match exactly.</summary>
    public static string? UlpMismatch(TensorData got, TensorData expected, int maxUlps, double atol = 0)
    {
        if (got.ElementType != expected.ElementType || got.ElementCount != expected.ElementCount || got.ElementType != ElementType.F32)
        {
            return Mismatch(got, expected, rtol: 0, atol: 0);
        }

        var g = got.AsSpan<float>();
        var e = expected.AsSpan<float>();
        for (var i = 0; i < e.Length; i++)
        {
            var ulps = UlpDistance(g[i], e[i]);
            if (ulps > maxUlps && !(Math.Abs((double)g[i] - e[i]) <= atol))
            {
                return FormattableString.Invariant($"element {i}: {g[i]:R} vs expected {e[i]:R} ({(ulps == long.MaxValue ? "NaN" : ulps.ToString(System.Globalization.CultureInfo.InvariantCulture))} ulps)");
            }
        }

        return null;
    }

    /// <summary>The largest ulp distance between two f32 tensors of the same size (see <see cref="UlpMismatch"/>).</summary>
    public static long MaxUlps(TensorData got, TensorData expected)
    {
        var g = got.AsSpan<float>();
        var e = expected.AsSpan<float>();
        long max = 0;
        for (var i = 0; i < e.Length; i++)
        {
            max = Math.Max(max, UlpDistance(g[i], e[i]));
        }

        return max;
    }

    /// <summary>|ordered(a) − ordered(b)| over the f32 bit patterns; 0 for two NaNs, long.MaxValue for one.</summary>
    private static long UlpDistance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        }

        static long Ordered(float x)
        {
            var bits = BitConverter.SingleToInt32Bits(x);
            return bits < 0 ? -(long)(bits & int.MaxValue) : bits;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>Signal-to-quantization-noise ratio in dB: 10·log10(Σ exp² / Σ (got - exp)²); +inf when equal.</summary>
    public static double Sqnr(TensorData got, TensorData expected)
    {
        var g = got.ToDoubleArray();
        var e = expected.ToDoubleArray();
        double signal = 0, noise = 0;
        for (var i = 0; i < e.Length; i++)
        {
            signal += e[i] * e[i];
            noise += (g[i] - e[i]) * (g[i] - e[i]);
        }

        return noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
    }

    /// <summary>The largest absolute difference of two float tensors of the same size.</summary>
    public static double MaxAbsDiff(TensorData got, TensorData expected) =>
        got.ToDoubleArray().Zip(expected.ToDoubleArray(), (g, e) => Math.Abs(g - e)).DefaultIfEmpty(0).Max();
}
