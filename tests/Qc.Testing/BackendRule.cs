using System.Globalization;
using Qc.Core.Tensors;

namespace Qc.Testing;

/// <summary>The ONNX backend test rule for comparing an output with its expected value: an element passes when both are
/// NaN, or equal, or |got − expected| ≤ atol + rtol·|expected|; non-float tensors must match byte for byte.</summary>
public static class BackendRule
{
    /// <summary>Null when <paramref name="got"/> passes, else the first failing element.</summary>
    public static string? Mismatch(TensorData got, TensorData expected, double rtol = 1e-3, double atol = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(got);
        ArgumentNullException.ThrowIfNull(expected);
        if (got.ElementCount != expected.ElementCount)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{got.ElementCount} elements, expected {expected.ElementCount}");
        }

        if (!expected.ElementType.IsFloat())
        {
            return got.Data.Span.SequenceEqual(expected.Data.Span) ? null : "values differ (exact match required)";
        }

        var (g, e) = (got.ToDoubleArray(), expected.ToDoubleArray());
        for (var i = 0; i < e.Length; i++)
        {
            if (!Close(g[i], e[i], rtol, atol))
            {
                return string.Create(CultureInfo.InvariantCulture, $"element {i}: {g[i]} vs expected {e[i]}");
            }
        }

        return null;
    }

    private static bool Close(double got, double expected, double rtol, double atol) =>
        (double.IsNaN(got) && double.IsNaN(expected)) || got == expected || Math.Abs(got - expected) <= atol + (rtol * Math.Abs(expected));
}
