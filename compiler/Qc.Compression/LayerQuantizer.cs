using System.Diagnostics.CodeAnalysis;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Compression;

/// <summary>Round-to-nearest quantization of a layer's weight through Qc.Formats, on the layer's 2-D view.</summary>
/// <remarks>
/// Granularity is interpreted per layer (specs/compression.md, "Formats on layers"): per-tensor stays per-tensor;
/// per-channel must name the stored weight's output-channel axis and becomes one scale per view row; groups always run
/// along the reduced dimension (C/g·kh·kw for a conv, K otherwise) and become <c>Grouped(g, axis 1)</c> of the view, so
/// a conv group spans input channels and kernel positions. The group axis must name the stored weight's input axis
/// (1 for Conv and Gemm with transB = 1, 0 for Gemm with transB = 0 and MatMul), as the recipe planner resolves it.
/// Anything else is QC4202.
/// </remarks>
public static class LayerQuantizer
{
    /// <summary>The format applied to the view [rows, cols] of <paramref name="layer"/>, or QC4202.</summary>
    public static bool TryViewFormat(WeightLayer layer, NumberFormat format, DiagnosticBag diagnostics, [NotNullWhen(true)] out NumberFormat? viewFormat, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(diagnostics);
        viewFormat = null;
        var where = location ?? CompressionDiagnostics.Locate(layer.Op);
        var rank = layer.WeightData.Rank;
        switch (format.Granularity)
        {
            case PerTensor:
                viewFormat = format;
                return true;
            case PerChannel p:
                {
                    var axis = p.Axis < 0 ? p.Axis + rank : p.Axis;
                    if (axis != layer.OutputAxis)
                    {
                        CompressionDiagnostics.ReportFormatIncompatible(diagnostics, where, layer.Name, format.ToString(),
                            $"per-channel scales on axis {p.Axis}, but the output channels of its [{string.Join(", ", layer.WeightData.Dims)}] weight are on axis {layer.OutputAxis}",
                            $"use axis={layer.OutputAxis} (per output channel) or group=<g> (groups along the reduced dimension)");
                        return false;
                    }

                    viewFormat = format with { Granularity = new PerChannel(0) };
                    return true;
                }

            case Grouped g:
                {
                    var axis = g.Axis < 0 ? g.Axis + rank : g.Axis;
                    if (axis != layer.InputAxis)
                    {
                        CompressionDiagnostics.ReportFormatIncompatible(diagnostics, where, layer.Name, format.ToString(),
                            $"groups along axis {g.Axis}, but groups must run along the reduced dimension (axis {layer.InputAxis} of its [{string.Join(", ", layer.WeightData.Dims)}] weight)",
                            $"use axis={layer.InputAxis} with group=, or leave 'axis' out of the recipe so the planner picks the reduced dimension");
                        return false;
                    }

                    viewFormat = format with { Granularity = new Grouped(g.Size, 1) };
                    return true;
                }

            default:
                throw new System.Diagnostics.UnreachableException(format.Granularity.ToString());
        }
    }

    /// <summary>Quantizes the layer's weight to nearest (ONNX round half to even); null with QC4202 when the format does not fit.</summary>
    public static QuantizedLayer? RoundToNearest(WeightLayer layer, NumberFormat format, DiagnosticBag diagnostics, Location? location = null)
    {
        if (!TryViewFormat(layer, format, diagnostics, out var viewFormat, location))
        {
            return null;
        }

        var matrix = layer.ToMatrix();
        return Encode(layer, viewFormat, matrix, null);
    }

    /// <summary>Encodes a view matrix with given (or computed) parameters and decodes it.</summary>
    internal static QuantizedLayer Encode(WeightLayer layer, NumberFormat viewFormat, float[] matrix, QuantizationParameters? parameters)
    {
        var tensor = TensorData.Create<float>([layer.Rows, layer.Cols], matrix);
        var encoded = parameters is null ? Quantizer.Encode(tensor, viewFormat) : Quantizer.Encode(tensor, viewFormat, parameters);
        var decoded = Quantizer.DecodeToArray(encoded);
        return new QuantizedLayer(layer, viewFormat, encoded, decoded, layer.FromMatrix(decoded));
    }
}
