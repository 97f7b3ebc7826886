using System.Buffers.Binary;
using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Core.Data;

/// <summary>The header of an IDX file (the MNIST format): element type and dimensions, the first being the item count.</summary>
/// <param name="ElementType">u8, i8, i16, i32, f32 or f64.</param>
/// <param name="Dims">The dimensions; <c>Dims[0]</c> is the number of items.</param>
/// <param name="Compressed">True when the file is gzip-compressed.</param>
public sealed record IdxHeader(ElementType ElementType, ImmutableArray<long> Dims, bool Compressed)
{
    /// <summary>The number of items (<c>Dims[0]</c>).</summary>
    public long Count => Dims[0];

    /// <summary>The dims of one item (<c>Dims[1..]</c>).</summary>
    public ReadOnlySpan<long> ItemDims => Dims.AsSpan()[1..];

    /// <summary>The size of one item in bytes.</summary>
    public int ItemBytes => checked((int)ElementType.ByteCount(TensorData.ElementCountOf(ItemDims)));
}

/// <summary>Streams IDX files, gzip-compressed or raw: a big-endian header (two zero bytes, a type code, the rank, then one
/// big-endian int32 per dimension) followed by the items in row-major order, multi-byte values big-endian.</summary>
public static class IdxFile
{
    /// <summary>Reads only the header (and, for a raw file, checks the file size against it).</summary>
    /// <exception cref="DatasetFormatException">Wrong magic, unknown type code, bad dims, or a raw file of the wrong size.</exception>
    public static IdxHeader ReadHeader(string path)
    {
        using var stream = Open(path, out var header);
        return header;
    }

    /// <summary>Streams the items: each is a tensor of <see cref="IdxHeader.ItemDims"/> in the file's element type (little-endian).</summary>
    /// <exception cref="DatasetFormatException">The file is malformed or shorter than its header says.</exception>
    public static IEnumerable<TensorData> ReadItems(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = ReadHeader(path);
        return Iterate(path, header);
    }

    /// <summary>Reads a whole (small) file, such as a label file, into one tensor of <see cref="IdxHeader.Dims"/>.</summary>
    public static TensorData ReadAll(string path)
    {
        using var stream = Open(path, out var header);
        var bytes = new byte[checked(header.ItemBytes * (int)header.Count)];
        DataStreams.ReadExactly(stream, bytes, path, () => $"{header.Count} items");
        ToLittleEndian(bytes, header.ElementType);
        return TensorData.FromBytes(header.ElementType, header.Dims.AsSpan(), bytes);
    }

    /// <summary>Opens the file and reads its header; the stream is positioned at the first item.</summary>
    internal static Stream Open(string path, out IdxHeader header)
    {
        var stream = DataStreams.OpenMaybeGzip(path, out var compressed);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            DataStreams.ReadExactly(stream, magic, path, () => "the 4-byte IDX magic");
            if (magic[0] != 0 || magic[1] != 0)
            {
                throw new DatasetFormatException(path, $"not an IDX file: the magic {Convert.ToHexString(magic)} does not start with two zero bytes");
            }

            var type = magic[2] switch
            {
                0x08 => ElementType.U8,
                0x09 => ElementType.I8,
                0x0B => ElementType.I16,
                0x0C => ElementType.I32,
                0x0D => ElementType.F32,
                0x0E => ElementType.F64,
                var t => throw new DatasetFormatException(path, $"not an IDX file: unknown element type code 0x{t:X2} in the magic {Convert.ToHexString(magic)}"),
            };
            int rank = magic[3];
            if (rank == 0)
            {
                throw new DatasetFormatException(path, "IDX rank 0 is not supported: the first dimension is the item count");
            }

            var dimBytes = new byte[4 * rank];
            DataStreams.ReadExactly(stream, dimBytes, path, () => $"the {rank} IDX dimensions");
            var dims = new long[rank];
            for (var i = 0; i < rank; i++)
            {
                var d = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
                if (d < 0)
                {
                    throw new DatasetFormatException(path, $"IDX dimension {i} is negative ({d})");
                }

                dims[i] = d;
            }

            header = new IdxHeader(type, [.. dims], compressed);
            var dataBytes = checked(header.Count * header.ItemBytes);
            if (!compressed)
            {
                var present = stream.Length - 4 - dimBytes.Length;
                if (present < dataBytes)
                {
                    throw new DatasetFormatException(path,
                        $"truncated: the header declares {string.Join("x", dims)} {type.Name()} ({dataBytes} bytes of data), {present} present");
                }

                if (present > dataBytes)
                {
                    throw new DatasetFormatException(path,
                        $"{present - dataBytes} bytes follow the {string.Join("x", dims)} {type.Name()} data the header declares");
                }
            }

            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    internal static void ToLittleEndian(Span<byte> bytes, ElementType type)
    {
        switch (type.ByteCount(1))
        {
            case 2:
                var s = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes);
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            case 4:
                var i = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(i, i);
                break;
            case 8:
                var l = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes);
                BinaryPrimitives.ReverseEndianness(l, l);
                break;
        }
    }

    private static IEnumerable<TensorData> Iterate(string path, IdxHeader expected)
    {
        using var stream = Open(path, out var header);
        if (header != expected && !header.Dims.SequenceEqual(expected.Dims))
        {
            throw new DatasetFormatException(path, "the file changed while it was being read");
        }

        var itemDims = header.ItemDims.ToArray();
        for (long n = 0; n < header.Count; n++)
        {
            var bytes = new byte[header.ItemBytes];
            var index = n;
            DataStreams.ReadExactly(stream, bytes, path, () => $"item {index} of the {header.Count} the header declares");
            ToLittleEndian(bytes, header.ElementType);
            yield return TensorData.FromBytes(header.ElementType, itemDims, bytes);
        }

        if (header.Compressed && !DataStreams.AtEnd(stream, path))
        {
            throw new DatasetFormatException(path, $"data follows the {header.Count} items the header declares");
        }
    }
}
