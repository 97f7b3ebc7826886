using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Formats;

/// <summary>Round-to-nearest quantization into a <see cref="NumberFormat"/>, and exact decoding.</summary>
/// <remarks>
/// Integer formats follow ONNX QuantizeLinear/DequantizeLinear in float32: <c>q = saturate(round_half_even(x / s) + z)</c>,
/// <c>x̂ = (q − z)·s</c>. Table formats: <c>code = nearest(x / s)</c>, <c>x̂ = table[code]·s</c>.
/// Non-finite inputs are deterministic: they are ignored when computing scales; NaN encodes to the zero point (integer),
/// the NaN code (fp8) or the zero code (fp4, nf4); ±inf saturate to the extreme codes (max finite for fp8).
/// </remarks>
public static class Quantizer
{
    /// <summary>Computes min/max based scales (and zero points) for <paramref name="weights"/> (float32).</summary>
    /// <remarks>Symmetric: <c>s = max|x| / (2^(b−1) − 1)</c>, <c>z = 0</c>. Asymmetric: range widened to include 0,
    /// <c>s = (hi − lo) / (qmax − qmin)</c>, <c>z = qmin − round_half_even(lo / s)</c>. Table formats:
    /// <c>s = max|x| / max|table|</c>. Scales are rounded up to the stored precision before zero points are derived.
    /// An all-zero (or all-non-finite) group gets scale 0 (2^−127 for e8m0) and zero point 0 clamped into range.</remarks>
    public static QuantizationParameters ComputeParameters(TensorData weights, NumberFormat format)
    {
        var values = Float32(weights);
        ArgumentNullException.ThrowIfNull(format);
        var layout = new ParamLayout(format.Granularity, weights.Dims.AsSpan());
        var groups = checked((int)layout.Count);
        var lo = new float[groups];
        var hi = new float[groups];
        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            if (!float.IsFinite(x))
            {
                continue;
            }

            var p = (int)layout.Index(i);
            lo[p] = Math.Min(lo[p], x);
            hi[p] = Math.Max(hi[p], x);
        }

        var scales = new float[groups];
        var zeros = new int[format is IntegerFormat { Symmetric: false } ? groups : 0];
        for (var p = 0; p < groups; p++)
        {
            switch (format)
            {
                case IntegerFormat f when f.Symmetric:
                    scales[p] = ScaleRounding.RoundUp(Math.Max(-(double)lo[p], hi[p]) / ((1 << (f.Bits - 1)) - 1), f.Scale);
                    break;
                case IntegerFormat f:
                    {
                        var s = ScaleRounding.RoundUp(((double)hi[p] - lo[p]) / (f.QMax - f.QMin), f.Scale);
                        scales[p] = s;
                        var z = s == 0 ? 0 : f.QMin - Math.Round(lo[p] / s, MidpointRounding.ToEven);
                        zeros[p] = (int)Math.Clamp(z, f.QMin, f.QMax);
                        break;
                    }

                case TableFormat t:
                    scales[p] = ScaleRounding.RoundUp(Math.Max(-(double)lo[p], hi[p]) / CodeTable.For(t.Kind).MaxMagnitude, t.Scale);
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException(format.GetType().Name);
            }
        }

        return new QuantizationParameters(layout.Dims, [.. scales], [.. zeros]);
    }

    /// <summary>Quantizes float32 <paramref name="weights"/> with parameters from <see cref="ComputeParameters"/>.</summary>
    public static QuantizedTensor Encode(TensorData weights, NumberFormat format) =>
        Encode(weights, format, ComputeParameters(weights, format));

    /// <summary>Quantizes float32 <paramref name="weights"/> with given parameters (e.g. from a clipping search).</summary>
    /// <exception cref="ArgumentException">The parameters do not fit the shape, or a scale is not storable at the format's precision.</exception>
    public static QuantizedTensor Encode(TensorData weights, NumberFormat format, QuantizationParameters parameters)
    {
        var values = Float32(weights);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(parameters);
        var layout = new ParamLayout(format.Granularity, weights.Dims.AsSpan());
        Validate(format, layout, parameters);
        var bits = format.CodeBits;
        var codes = new byte[BitPacking.ByteCount(values.Length, bits)];
        var scales = parameters.Scales.AsSpan();
        var mask = (1u << bits) - 1;
        switch (format)
        {
            case IntegerFormat f:
                {
                    var zeros = parameters.ZeroPoints.AsSpan();
                    for (var i = 0; i < values.Length; i++)
                    {
                        var p = (int)layout.Index(i);
                        var z = f.Symmetric ? 0 : zeros[p];
                        var q = QuantizeInt(values[i], scales[p], z, f.QMin, f.QMax);
                        BitPacking.Set(codes, i, bits, (uint)q & mask);
                    }

                    break;
                }

            case TableFormat t:
                {
                    var table = CodeTable.For(t.Kind);
                    for (var i = 0; i < values.Length; i++)
                    {
                        var s = scales[(int)layout.Index(i)];
                        var x = values[i];
                        var v = s == 0 && !float.IsNaN(x) ? 0f : x / s;
                        BitPacking.Set(codes, i, bits, (uint)table.Encode(v));
                    }

                    break;
                }

            default:
                throw new System.Diagnostics.UnreachableException(format.GetType().Name);
        }

        return new QuantizedTensor(format, weights.Dims, codes, parameters with { Dims = layout.Dims });
    }

    /// <summary>Decodes to a float32 tensor of the original shape.</summary>
    public static TensorData Decode(QuantizedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return TensorData.Create<float>(tensor.Dims.AsSpan(), DecodeToArray(tensor));
    }

    /// <summary>Decodes to a float32 array in row-major order.</summary>
    public static float[] DecodeToArray(QuantizedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var n = checked((int)tensor.ElementCount);
        var layout = new ParamLayout(tensor.Format.Granularity, tensor.Dims.AsSpan());
        var scales = tensor.Parameters.Scales.AsSpan();
        var result = new float[n];
        switch (tensor.Format)
        {
            case IntegerFormat f:
                {
                    var zeros = tensor.Parameters.ZeroPoints.AsSpan();
                    for (var i = 0; i < n; i++)
                    {
                        var p = (int)layout.Index(i);
                        var z = f.Symmetric ? 0 : zeros[p];
                        result[i] = (tensor.Code(i) - z) * scales[p];
                    }

                    break;
                }

            case TableFormat t:
                {
                    var table = CodeTable.For(t.Kind);
                    for (var i = 0; i < n; i++)
                    {
                        result[i] = table.Decode(tensor.Code(i)) * scales[(int)layout.Index(i)];
                    }

                    break;
                }

            default:
                throw new System.Diagnostics.UnreachableException(tensor.Format.GetType().Name);
        }

        return result;
    }

    /// <summary>ONNX QuantizeLinear for one value: <c>saturate(round_half_even(x / s) + z)</c>; NaN gives z, s = 0 gives z.</summary>
    internal static int QuantizeInt(float x, float s, int z, int qmin, int qmax)
    {
        if (float.IsNaN(x))
        {
            return z;
        }

        var v = s == 0 ? 0f : x / s;
        var q = Math.Round((double)v, MidpointRounding.ToEven) + z;
        return (int)Math.Clamp(q, qmin, qmax);
    }

    private static void Validate(NumberFormat format, ParamLayout layout, QuantizationParameters parameters)
    {
        if (parameters.Scales.Length != layout.Count)
        {
            throw new ArgumentException($"{format} needs {layout.Count} scales for this shape, got {parameters.Scales.Length}");
        }

        var zeroCount = format is IntegerFormat { Symmetric: false } ? layout.Count : 0;
        if (parameters.ZeroPoints.Length != zeroCount)
        {
            throw new ArgumentException($"{format} needs {zeroCount} zero points for this shape, got {parameters.ZeroPoints.Length}");
        }

        foreach (var s in parameters.Scales)
        {
            if (!ScaleRounding.IsRepresentable(s, format.Scale))
            {
                throw new ArgumentException($"scale {s} is not storable as {FormatRegistry.ScaleText(format.Scale)} (round it with the format's precision first)");
            }
        }

        if (format is IntegerFormat { Symmetric: false } f)
        {
            foreach (var z in parameters.ZeroPoints)
            {
                if (z < f.QMin || z > f.QMax)
                {
                    throw new ArgumentException($"zero point {z} is outside [{f.QMin}, {f.QMax}] of {format}");
                }
            }
        }
    }

    private static ReadOnlySpan<float> Float32(TensorData weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.ElementType != ElementType.F32)
        {
            throw new ArgumentException($"quantization needs float32 weights, got {weights.ElementType}");
        }

        return weights.AsSpan<float>();
    }
}
