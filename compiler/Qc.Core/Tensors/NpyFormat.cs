using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Qc.Core.Tensors;

/// <summary>Reads and writes NumPy <c>.npy</c> files (format versions 1.0-3.0, little-endian, C order).</summary>
public static partial class NpyFormat
{
    private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static readonly (string Descr, ElementType Type)[] s_types =
    [
        ("<f4", ElementType.F32), ("<f8", ElementType.F64), ("<f2", ElementType.F16), ("|i1", ElementType.I8), ("|u1", ElementType.U8),
        ("<i2", ElementType.I16), ("<u2", ElementType.U16), ("<i4", ElementType.I32), ("<u4", ElementType.U32), ("<i8", ElementType.I64),
        ("<u8", ElementType.U64), ("|b1", ElementType.Bool), ("<c8", ElementType.Complex64), ("<c16", ElementType.Complex128),
    ];

    /// <summary>Reads a .npy file.</summary>
    /// <exception cref="FormatException">The file is not a supported .npy file; the message says why.</exception>
    public static TensorData Read(string path) => Read(File.ReadAllBytes(path));

    /// <summary>Reads .npy bytes.</summary>
    /// <exception cref="FormatException">The bytes are not a supported .npy file; the message says why.</exception>
    public static TensorData Read(ReadOnlyMemory<byte> bytes)
    {
        var s = bytes.Span;
        if (s.Length < 10 || !s[..6].SequenceEqual(s_magic))
        {
            throw new FormatException("not a .npy file (missing the \\x93NUMPY magic)");
        }

        var major = s[6];
        int headerLength, offset;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
            offset = 10;
        }
        else if (major is 2 or 3)
        {
            if (s.Length < 12)
            {
                throw new FormatException(".npy header is truncated");
            }

            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(s[8..]));
            offset = 12;
        }
        else
        {
            throw new FormatException($".npy format version {major} is not supported");
        }

        if (offset + headerLength > s.Length)
        {
            throw new FormatException(".npy header is truncated");
        }

        var header = Encoding.Latin1.GetString(s.Slice(offset, headerLength));
        var descr = HeaderField(header, "descr") ?? throw new FormatException(".npy header has no 'descr'");
        var fortran = HeaderField(header, "fortran_order") ?? "False";
        var shapeText = HeaderField(header, "shape") ?? throw new FormatException(".npy header has no 'shape'");
        if (fortran != "False")
        {
            throw new FormatException(".npy arrays in Fortran order are not supported; save with np.ascontiguousarray");
        }

        descr = descr.Trim('\'', '"');
        if (descr.Length == 3 && descr[0] == '=')
        {
            descr = "<" + descr[1..];
        }

        var type = ElementType.Unknown;
        foreach (var (d, t) in s_types)
        {
            if (d == descr || (d[0] == '|' && descr.Length == 3 && descr[1..] == d[1..]))
            {
                type = t;
            }
        }

        if (type == ElementType.Unknown)
        {
            throw new FormatException($".npy dtype '{descr}' is not supported (big-endian, object and string arrays are not)");
        }

        var dims = shapeText.Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => long.TryParse(x.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v : throw new FormatException($".npy shape '{shapeText}' is malformed"))
            .ToArray();
        var dataStart = offset + headerLength;
        var count = TensorData.ElementCountOf(dims);
        var needed = type.ByteCount(count);
        if (s.Length - dataStart < needed)
        {
            throw new FormatException($".npy data is truncated: {needed} bytes needed for shape {shapeText}, {s.Length - dataStart} present");
        }

        return TensorData.FromBytes(type, dims, bytes.Slice(dataStart, (int)needed).ToArray());
    }

    /// <summary>Writes a .npy file (version 1.0) atomically: to a temporary file, then renamed.</summary>
    public static void Write(string path, TensorData tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var bytes = ToBytes(tensor);
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Serializes a tensor as .npy bytes (version 1.0).</summary>
    public static byte[] ToBytes(TensorData tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var descr = s_types.FirstOrDefault(t => t.Type == tensor.ElementType).Descr
            ?? throw new NotSupportedException($"{tensor.ElementType.Name()} tensors cannot be written as .npy");
        var shape = tensor.Rank == 1 ? $"({tensor.Dims[0]},)" : "(" + string.Join(", ", tensor.Dims) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var total = 10 + header.Length + 1;
        var pad = (64 - (total % 64)) % 64;
        header = header + new string(' ', pad) + "\n";
        var result = new byte[10 + header.Length + tensor.Data.Length];
        s_magic.CopyTo(result, 0);
        result[6] = 1;
        result[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, result.AsSpan(10));
        tensor.Data.Span.CopyTo(result.AsSpan(10 + header.Length));
        return result;
    }

    private static string? HeaderField(string header, string key)
    {
        var m = FieldRegex().Match(header);
        while (m.Success)
        {
            if (m.Groups["k"].Value == key)
            {
                return m.Groups["v"].Value.Trim();
            }

            m = m.NextMatch();
        }

        return null;
    }

    [GeneratedRegex(@"['""](?<k>\w+)['""]\s*:\s*(?<v>\([^)]*\)|'[^']*'|""[^""]*""|\w+)")]
    private static partial Regex FieldRegex();
}
