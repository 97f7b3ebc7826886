using Qc.Core.Diagnostics;
using Qc.Formats;

namespace Qc.Compression;

/// <summary>The <c>hessian_proxy</c> sensitivity: <c>s = Σ_i E[x_i²]·‖ΔW_:,i‖²</c>, the layer-output error
/// <c>E‖ΔW x‖² = tr(ΔW E[xxᵀ] ΔWᵀ)</c> with only the diagonal of <c>E[xxᵀ]</c> kept (no ONNX Runtime run needed).</summary>
/// <remarks>For a conv, i runs over im2col features of each row's group; given per-input-channel second moments, a
/// channel's value is used at every window position (an approximation at padded borders). The sum is over output
/// elements of one input vector, so it does not scale with the number of output positions.</remarks>
public static class HessianProxy
{
    /// <summary>The proxy for a compressed weight Ŵ (view matrix [Rows, Cols]); null with QC4208 when the moments do not fit.</summary>
    public static double? Sensitivity(WeightLayer layer, ReadOnlySpan<float> compressedMatrix, ReadOnlySpan<double> secondMoments,
        DiagnosticBag diagnostics, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (compressedMatrix.Length != layer.Rows * layer.Cols)
        {
            throw new ArgumentException($"the compressed weight of '{layer.Name}' must have {layer.Rows * layer.Cols} values");
        }

        if (FeatureStatistics.Expand(layer, secondMoments, diagnostics, location ?? CompressionDiagnostics.Locate(layer.Op), "E[x²]") is not { } moments)
        {
            return null;
        }

        var original = layer.ToMatrix();
        var sum = 0.0;
        for (var i = 0; i < original.Length; i++)
        {
            var d = (double)compressedMatrix[i] - original[i];
            sum += moments[i] * d * d;
        }

        return sum;
    }

    /// <summary>The proxy for round-to-nearest quantization of the layer into <paramref name="format"/>; null with QC4202 or QC4208.</summary>
    public static double? Sensitivity(WeightLayer layer, NumberFormat format, ReadOnlySpan<double> secondMoments, DiagnosticBag diagnostics,
        Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return LayerQuantizer.RoundToNearest(layer, format, diagnostics, location) is { } q
            ? Sensitivity(layer, q.Matrix, secondMoments, diagnostics, location)
            : null;
    }
}
