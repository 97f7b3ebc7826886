using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Qc.Core.Data;

namespace Qc.Core.Tensors;

// The streaming half of NpyFormat, kept with the dataset loaders that need it: reads only the header, so that the data can be
// read one row at a time. It shares the dtype table and header-field parsing of NpyFormat.Read.
public static partial class NpyFormat
{
    /// <summary>Reads a .npy header from <paramref name="stream"/>, leaving the stream at the first data byte.</summary>
    /// <exception cref="DatasetFormatException">The header is missing, truncated or unsupported; the message names <paramref name="path"/>.</exception>
    internal static (ElementType Type, long[] Dims) ReadHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[10];
        DataStreams.ReadExactly(stream, prefix, path, () => "the .npy magic");
        if (!prefix[..6].SequenceEqual(s_magic))
        {
            throw new DatasetFormatException(path, "not a .npy file (missing the \\x93NUMPY magic)");
        }

        int headerLength;
        var major = prefix[6];
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        }
        else if (major is 2 or 3)
        {
            Span<byte> rest = stackalloc byte[2];
            DataStreams.ReadExactly(stream, rest, path, () => "the .npy header length");
            headerLength = checked((int)(BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]) | ((uint)BinaryPrimitives.ReadUInt16LittleEndian(rest) << 16)));
        }
        else
        {
            throw new DatasetFormatException(path, $".npy format version {major} is not supported");
        }

        if (headerLength > 1 << 20)
        {
            throw new DatasetFormatException(path, $".npy header length {headerLength} is implausible");
        }

        var headerBytes = new byte[headerLength];
        DataStreams.ReadExactly(stream, headerBytes, path, () => "the .npy header");
        var header = Encoding.Latin1.GetString(headerBytes);
        var descr = (HeaderField(header, "descr") ?? throw new DatasetFormatException(path, ".npy header has no 'descr'")).Trim('\'', '"');
        var shapeText = HeaderField(header, "shape") ?? throw new DatasetFormatException(path, ".npy header has no 'shape'");
        if ((HeaderField(header, "fortran_order") ?? "False") != "False")
        {
            throw new DatasetFormatException(path, ".npy arrays in Fortran order are not supported; save with np.ascontiguousarray");
        }

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
            throw new DatasetFormatException(path, $".npy dtype '{descr}' is not supported (big-endian, object and string arrays are not)");
        }

        var dims = shapeText.Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => long.TryParse(x.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v : throw new DatasetFormatException(path, $".npy shape '{shapeText}' is malformed"))
            .ToArray();
        return (type, dims);
    }
}
