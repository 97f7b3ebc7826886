using System.Collections.Immutable;

namespace Qc.Formats;

/// <summary>A tensor stored in a <see cref="NumberFormat"/>: packed codes plus scales and zero points.</summary>
/// <remarks>
/// Serialized layout (<see cref="Serialize"/>), three sections, each padded to a whole byte, no header (the format and
/// shape travel separately, e.g. in a package manifest):
/// <list type="number">
/// <item>codes: n codes of b bits, row-major, packed LSB-first (<c>BitPacking</c>); signed codes as b-bit two's complement;</item>
/// <item>scales: one per group, row-major over the scale dims: f32/f16 little-endian, e8m0 one byte (2^(byte−127)), nothing for none;</item>
/// <item>zero points: one per group, stored as the unsigned offset <c>z − qmin</c> in zero_bits bits, packed LSB-first.</item>
/// </list>
/// Its length is exactly <see cref="BitCost.SerializedBytes"/> of <see cref="Cost"/>.
/// </remarks>
public sealed class QuantizedTensor
{
    internal QuantizedTensor(NumberFormat format, ImmutableArray<long> dims, byte[] codes, QuantizationParameters parameters)
    {
        Format = format;
        Dims = dims;
        _codes = codes;
        Parameters = parameters;
    }

    private readonly byte[] _codes;

    /// <summary>The format.</summary>
    public NumberFormat Format { get; }

    /// <summary>The tensor's dims.</summary>
    public ImmutableArray<long> Dims { get; }

    /// <summary>The packed codes, exactly as stored.</summary>
    public ReadOnlySpan<byte> Codes => _codes;

    /// <summary>Scales and zero points.</summary>
    public QuantizationParameters Parameters { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount => Core.Tensors.TensorData.ElementCountOf(Dims.AsSpan());

    /// <summary>The stored size.</summary>
    public BitCost Cost => BitCost.Of(Format, Dims.AsSpan());

    /// <summary>The code of element <paramref name="i"/>: the integer value for integer formats (sign-extended when signed), the table index otherwise.</summary>
    public int Code(long i)
    {
        var bits = Format.CodeBits;
        var u = (int)BitPacking.Get(_codes, i, bits);
        return Format is IntegerFormat { Signed: true } ? (u << (32 - bits)) >> (32 - bits) : u;
    }

    /// <summary>Writes the compact layout described in the type remarks.</summary>
    public byte[] Serialize()
    {
        var cost = Cost;
        var result = new byte[cost.SerializedBytes];
        var span = result.AsSpan();
        _codes.CopyTo(span);
        span = span[_codes.Length..];
        var scaleBytes = (int)((cost.ScaleBits + 7) / 8);
        ScaleRounding.Write(Parameters.Scales.AsSpan(), Format.Scale, span[..scaleBytes]);
        span = span[scaleBytes..];
        if (Format is IntegerFormat { Symmetric: false } f)
        {
            var zeros = Parameters.ZeroPoints;
            for (var i = 0; i < zeros.Length; i++)
            {
                BitPacking.Set(span, i, f.ZeroPointBits, (uint)(zeros[i] - f.QMin));
            }
        }

        return result;
    }

    /// <summary>Reads bytes written by <see cref="Serialize"/> for a known format and shape.</summary>
    public static QuantizedTensor Deserialize(NumberFormat format, ReadOnlySpan<long> dims, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(format);
        var cost = BitCost.Of(format, dims);
        if (bytes.Length != cost.SerializedBytes)
        {
            throw new ArgumentException($"{format} of shape [{string.Join(", ", dims.ToArray())}] needs {cost.SerializedBytes} bytes, got {bytes.Length}");
        }

        var layout = new ParamLayout(format.Granularity, dims);
        var groups = checked((int)layout.Count);
        var codeBytes = (int)((cost.PayloadBits + 7) / 8);
        var codes = bytes[..codeBytes].ToArray();
        var rest = bytes[codeBytes..];
        var scaleBytes = (int)((cost.ScaleBits + 7) / 8);
        var scales = ScaleRounding.Read(rest[..scaleBytes], groups, format.Scale);
        rest = rest[scaleBytes..];
        var zeros = ImmutableArray<int>.Empty;
        if (format is IntegerFormat { Symmetric: false } f)
        {
            var z = new int[groups];
            for (var i = 0; i < groups; i++)
            {
                z[i] = (int)BitPacking.Get(rest, i, f.ZeroPointBits) + f.QMin;
            }

            zeros = [.. z];
        }

        return new QuantizedTensor(format, [.. dims], codes, new QuantizationParameters(layout.Dims, [.. scales], zeros));
    }
}
