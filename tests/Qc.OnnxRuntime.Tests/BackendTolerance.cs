using Qc.Core.Tensors;

namespace Qc.OnnxRuntime.Tests;

/// <summary>The ONNX backend test comparison: floats within <c>atol + rtol·|expected|</c> (or both NaN), everything else exact, dims equal.</summary>
internal static class BackendTolerance
{
    /// <summary>Relative tolerance of the ONNX backend tests.</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>Absolute tolerance of the ONNX backend tests.</summary>
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Compares an output with its expected value; returns null when they match, else what differs.</summary>
    public static string? Mismatch(TensorData got, TensorData expected)
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
            for (var i = 0; i < expected.Strings.Length; i++)
            {
                if (!string.Equals(got.Strings[i], expected.Strings[i], StringComparison.Ordinal))
                {
                    return $"string element {i} is '{got.Strings[i]}', expected '{expected.Strings[i]}'";
                }
            }

            return null;
        }

        if (!expected.ElementType.IsFloat())
        {
            var g = got.Data.Span;
            var e = expected.Data.Span;
            var elementBytes = Math.Max(1, expected.ElementType.BitWidth() / 8);
            for (var i = 0; i < e.Length; i++)
            {
                if (g[i] != e[i])
                {
                    var at = i / elementBytes;
                    return $"element {at} is {got.ToDoubleArray()[at]}, expected {expected.ToDoubleArray()[at]} (exact match required for {expected.ElementType.Name()})";
                }
            }

            return null;
        }

        var gv = got.ToDoubleArray();
        var ev = expected.ToDoubleArray();
        var bad = 0;
        var first = -1;
        var worst = 0.0;
        for (var i = 0; i < ev.Length; i++)
        {
            if (!Close(gv[i], ev[i]))
            {
                bad++;
                first = first < 0 ? i : first;
                worst = Math.Max(worst, Math.Abs(gv[i] - ev[i]));
            }
        }

        return bad == 0
            ? null
            : $"{bad} of {ev.Length} elements differ; first at {first}: {gv[first]} vs expected {ev[first]}; max |diff| {worst:G3}";
    }

    /// <summary>The element rule: both NaN, equal, or within <c>atol + rtol·|expected|</c>.</summary>
    public static bool Close(double got, double expected) =>
        (double.IsNaN(got) && double.IsNaN(expected))
        || got == expected
        || Math.Abs(got - expected) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected));
}
