using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Qc.Package;

namespace Qc.Runtime;

/// <summary>Reads and writes NumPy <c>.npy</c> files (format 1.0, 2.0 and 3.0 read; 1.0 written) as <see cref="QcTensor"/>.</summary>
/// <remarks>Supported descrs: <c>f4 f2 f8 i1 u1 i2 i4 i8 b1</c>, either byte order (big-endian data is swapped on read);
/// C order only (<c>fortran_order: True</c> is an error). bf16 has no NumPy type and cannot be written.</remarks>
public static class QcNpy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a <c>.npy</c> file.</summary>
    /// <exception cref="QcRuntimeException"><see cref="QcRuntimeErrorCode.Npy"/>: unreadable or unsupported.</exception>
    public static QcTensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.Npy, $"cannot read '{path}': {e.Message}", e);
        }

        try
        {
            return Parse(bytes);
        }
        catch (QcRuntimeException e)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.Npy, $"'{path}': {e.Detail}", e);
        }
    }

    /// <summary>Parses <c>.npy</c> bytes.</summary>
    /// <exception cref="QcRuntimeException"><see cref="QcRuntimeErrorCode.Npy"/>: malformed or unsupported.</exception>
    public static QcTensor Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            throw Bad("not a .npy file (bad magic)");
        }

        int major = bytes[6], headerStart, headerLength;
        switch (major)
        {
            case 1:
                headerStart = 10;
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                break;
            case 2 or 3:
                if (bytes.Length < 12)
                {
                    throw Bad("truncated header");
                }

                headerStart = 12;
                var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                headerLength = length <= int.MaxValue ? (int)length : throw Bad("header too long");
                break;
            default:
                throw Bad($"unsupported .npy version {major}.{bytes[7]}");
        }

        if (headerLength > bytes.Length - headerStart)
        {
            throw Bad("truncated header");
        }

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(headerStart, headerLength));
        if (!header.TrimStart().StartsWith('{') || !header.TrimEnd().EndsWith('}'))
        {
            throw Bad("unterminated header");
        }

        var descr = Value(header, "descr");
        var fortran = Value(header, "fortran_order");
        var shapeText = Value(header, "shape");
        if (fortran.Trim() != "False")
        {
            throw Bad(fortran.Trim() == "True" ? "fortran_order arrays are not supported (save in C order)" : $"bad fortran_order '{fortran}'");
        }

        var (dtype, bigEndian) = ParseDescr(descr.Trim().Trim('\'', '"'));
        var shape = ParseShape(shapeText);
        var size = QcDTypes.ByteSize(dtype, shape);
        var data = bytes[(headerStart + headerLength)..];
        if (size < 0 || data.Length != size)
        {
            throw Bad($"{QcDTypes.Name(dtype)} {QcTensor.Format(shape)} needs {size} bytes of data, the file has {data.Length}");
        }

        var copy = data.ToArray();
        if (bigEndian)
        {
            Swap(copy, QcDTypes.SizeOf(dtype));
        }

        return new QcTensor(dtype, shape, copy);
    }

    /// <summary>The <c>.npy</c> (format 1.0) bytes of a tensor; the header is padded so the data starts at a multiple of 64.</summary>
    public static byte[] ToBytes(QcTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape.Length == 1
            ? tensor.Shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", tensor.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var dict = $"{{'descr': '{Descr(tensor.DType)}', 'fortran_order': False, 'shape': ({shape}), }}";
        var total = 10 + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        if (header.Length > ushort.MaxValue)
        {
            throw Bad("shape too long for a version 1.0 header");
        }

        var result = new byte[10 + header.Length + tensor.Data.Length];
        Magic.CopyTo(result);
        result[6] = 1;
        result[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, result.AsSpan(10));
        tensor.Data.CopyTo(result, 10 + header.Length);
        return result;
    }

    /// <summary>Writes a tensor to <paramref name="path"/> through a temporary file and a rename.</summary>
    /// <exception cref="QcRuntimeException"><see cref="QcRuntimeErrorCode.Npy"/>: unwritable, or a bf16 tensor.</exception>
    public static void Write(string path, QcTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = ToBytes(tensor);
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Directory.Exists(Path.GetDirectoryName(temp)))
            {
                File.Delete(temp);
            }

            throw new QcRuntimeException(QcRuntimeErrorCode.Npy, $"cannot write '{path}': {e.Message}", e);
        }
    }

    private static string Descr(QcDType type) => type switch
    {
        QcDType.F32 => "<f4",
        QcDType.F16 => "<f2",
        QcDType.F64 => "<f8",
        QcDType.I8 => "|i1",
        QcDType.U8 => "|u1",
        QcDType.I16 => "<i2",
        QcDType.I32 => "<i4",
        QcDType.I64 => "<i8",
        QcDType.Bool => "|b1",
        _ => throw Bad($"{QcDTypes.Name(type)} has no .npy type"),
    };

    private static (QcDType Type, bool BigEndian) ParseDescr(string descr)
    {
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '='))
        {
            throw Bad($"unsupported descr '{descr}'");
        }

        QcDType? type = descr[1..] switch
        {
            "f4" => QcDType.F32,
            "f2" => QcDType.F16,
            "f8" => QcDType.F64,
            "i1" => QcDType.I8,
            "u1" => QcDType.U8,
            "i2" => QcDType.I16,
            "i4" => QcDType.I32,
            "i8" => QcDType.I64,
            "b1" => QcDType.Bool,
            _ => null,
        };
        return type is { } t
            ? (t, descr[0] == '>' && QcDTypes.SizeOf(t) > 1)
            : throw Bad($"unsupported descr '{descr}' (supported: f4 f2 f8 i1 u1 i2 i4 i8 b1)");
    }

    private static long[] ParseShape(string text)
    {
        var t = text.Trim();
        if (t.Length < 2 || t[0] != '(' || t[^1] != ')')
        {
            throw Bad($"bad shape '{text}'");
        }

        var parts = t[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i].TrimEnd('L');
            if (!long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw Bad($"bad shape '{text}'");
            }
        }

        return shape;
    }

    /// <summary>The text of a value in the header dict: up to the next top-level comma or the closing brace.</summary>
    private static string Value(string header, string key)
    {
        var at = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (at < 0)
        {
            at = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        }

        if (at < 0)
        {
            throw Bad($"header has no '{key}'");
        }

        var colon = header.IndexOf(':', at + key.Length + 2);
        if (colon < 0)
        {
            throw Bad($"header has no value for '{key}'");
        }

        var depth = 0;
        for (var i = colon + 1; i < header.Length; i++)
        {
            var c = header[i];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if ((c == ',' && depth == 0) || c == '}')
            {
                return header[(colon + 1)..i];
            }
        }

        throw Bad("unterminated header");
    }

    private static void Swap(byte[] data, int size)
    {
        for (var i = 0; i + size <= data.Length; i += size)
        {
            data.AsSpan(i, size).Reverse();
        }
    }

    private static QcRuntimeException Bad(string message) => new(QcRuntimeErrorCode.Npy, message);
}
