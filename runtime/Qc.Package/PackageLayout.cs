using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Qc.Package;

/// <summary>The byte layout of a <c>.qcpkg</c> file (specs/package.md, "Container"). All integers little-endian.</summary>
/// <remarks>
/// <code>
/// 0    magic "QCPKG\r\n\x1a" (8 bytes)
/// 8    u32 format version (1)
/// 12   u32 section count N (≤ 4096)
/// 16   u64 file length
/// 24   u64 header length = 64 + 256·N + 32 (where section data may start)
/// 32   32 reserved bytes, zero
/// 64   N section entries of 256 bytes, sorted by name (ordinal):
///        +0   name, UTF-8, NUL-padded (1..191 bytes, at least one NUL)
///        +192 u64 offset   +200 u64 length   +208 u32 alignment   +212 u32 reserved (0)
///        +216 sha256 of the section bytes (32)   +248 8 reserved bytes (0)
/// 64+256N  sha256 of bytes [0, 64+256N): the header checksum (32)
/// then the sections, in table order, each at the next multiple of its alignment; the gaps are zero bytes.
/// </code>
/// </remarks>
public static class PackageLayout
{
    /// <summary>The 8 magic bytes: <c>QCPKG</c>, CR, LF, 0x1A (text-mode transfers and <c>type</c> are caught).</summary>
    public static ReadOnlySpan<byte> Magic => "QCPKG\r\n\x1a"u8;

    /// <summary>The container format version this library reads and writes.</summary>
    public const uint FormatVersion = 1;

    /// <summary>The size of the fixed header before the section table.</summary>
    public const int FixedHeaderSize = 64;

    /// <summary>The size of one section table entry.</summary>
    public const int EntrySize = 256;

    /// <summary>The size of the name field of an entry.</summary>
    public const int NameFieldSize = 192;

    /// <summary>The size of the header checksum after the table.</summary>
    public const int ChecksumSize = 32;

    /// <summary>The most sections a package may have.</summary>
    public const int MaxSections = 4096;

    /// <summary>The alignment of <c>weights.bin</c> (a page: the weights are mapped and used in place).</summary>
    public const int WeightsAlignment = 4096;

    /// <summary>The alignment of every other section.</summary>
    public const int DefaultAlignment = 64;

    /// <summary>The largest alignment an entry may declare.</summary>
    public const int MaxAlignment = 65536;

    /// <summary>The header length for <paramref name="sectionCount"/> sections: fixed header, table, checksum.</summary>
    public static long HeaderLength(long sectionCount) => FixedHeaderSize + (EntrySize * sectionCount) + ChecksumSize;

    /// <summary>The alignment the writer uses for a section.</summary>
    public static int AlignmentFor(string name) => name == SectionNames.Weights ? WeightsAlignment : DefaultAlignment;

    internal static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    internal static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>Writes the header and section table (everything before the data) for sections already laid out.</summary>
    internal static byte[] BuildHeader(IReadOnlyList<(string Name, long Offset, long Length, int Alignment, byte[] Hash)> entries, long fileLength)
    {
        var header = new byte[HeaderLength(entries.Count)];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)entries.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), fileLength);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), header.Length);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = header.AsSpan(FixedHeaderSize + (i * EntrySize), EntrySize);
            Encoding.UTF8.GetBytes(entries[i].Name, e[..NameFieldSize]);
            BinaryPrimitives.WriteInt64LittleEndian(e[192..], entries[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(e[200..], entries[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(e[208..], (uint)entries[i].Alignment);
            entries[i].Hash.CopyTo(e[216..]);
        }

        var tableEnd = header.Length - ChecksumSize;
        SHA256.HashData(header.AsSpan(0, tableEnd), header.AsSpan(tableEnd));
        return header;
    }
}
