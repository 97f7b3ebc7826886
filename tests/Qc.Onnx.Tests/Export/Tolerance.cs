using Qc.Core.Tensors;

namespace Qc.Onnx.Tests.Export;

/// <summary>Output comparisons: the ONNX backend rule (rtol 1e-3, atol 1e-7, exact for non-floats) and a plain absolute bound.</summary>
internal static class Tolerance
{
    /// <summary>Null when <paramref name="got"/> matches <paramref name="expected"/> by the backend rule, else what differs.</summary>
    public static string? Mismatch(TensorData got, TensorData expected, double rtol = 1e-3, double atol = 1e-7)
    {
        if (got.ElementType != expected.ElementType)
        {
            return $"element type {got.ElementType.Name()}, expected {expected.ElementType.Name()}";
        }

        if (!got.Dims.SequenceEqual(expected.Dims))
        {
            return $"dims [{string.Join(",", got.Dims)}], expected [{string.Join(",", expected.Dims)}]";
        }

        if (expected.ElementType == ElementType.String)
        {
            return got.Strings.SequenceEqual(expected.Strings) ? null : "strings differ";
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
                return $"element {i}: {g[i]} vs expected {e[i]}";
            }
        }

        return null;
    }

    /// <summary>The largest absolute difference of two float tensors of the same shape.</summary>
    public static double MaxAbsDiff(TensorData a, TensorData b)
    {
        var x = a.ToDoubleArray();
        var y = b.ToDoubleArray();
        var worst = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(x[i] - y[i]));
        }

        return worst;
    }
}
