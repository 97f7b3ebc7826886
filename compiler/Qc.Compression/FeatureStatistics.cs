using System.Globalization;
using Qc.Core.Diagnostics;

namespace Qc.Compression;

/// <summary>Maps per-input statistics (means, second moments) onto a layer's view elements.</summary>
/// <remarks>Two lengths are accepted: one value per input channel (<see cref="WeightLayer.InChannels"/>, broadcast over
/// a conv's window), or one per im2col feature and group (<see cref="WeightLayer.Groups"/>·<see cref="WeightLayer.Cols"/>,
/// as <see cref="HessianAccumulator"/> reports them). For Gemm/MatMul and 1×1 convs the two coincide.</remarks>
internal static class FeatureStatistics
{
    /// <summary>Expands <paramref name="stats"/> to one value per view element [Rows, Cols]; null with QC4208 when the length fits neither form.</summary>
    public static double[]? Expand(WeightLayer layer, ReadOnlySpan<double> stats, DiagnosticBag diagnostics, Location location, string what)
    {
        var perFeature = stats.Length == layer.Groups * layer.Cols;
        if (!perFeature && stats.Length != layer.InChannels)
        {
            CompressionDiagnostics.ReportStatisticsMismatch(diagnostics, location, layer.Name, string.Create(CultureInfo.InvariantCulture,
                $"{what} has {stats.Length} values, expected {layer.InChannels} (per input channel) or {layer.Groups * layer.Cols} (per im2col feature)"));
            return null;
        }

        var result = new double[layer.Rows * layer.Cols];
        for (var r = 0; r < layer.Rows; r++)
        {
            var g = layer.GroupOf(r);
            for (var j = 0; j < layer.Cols; j++)
            {
                result[(r * layer.Cols) + j] = perFeature ? stats[(g * layer.Cols) + j] : stats[layer.InputChannel(r, j)];
            }
        }

        return result;
    }
}
