using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Qc.Package.Tests;

/// <summary>Builds package bytes without the writer's checks (for invalid manifests) and edits headers with a fresh checksum.</summary>
internal static class RawPackage
{
    public static byte[] Build(IEnumerable<(string Name, byte[] Data)> sections)
    {
        var sorted = sections.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var entries = new List<(string, long, long, int, byte[])>();
        var position = PackageLayout.HeaderLength(sorted.Count);
        foreach (var (name, data) in sorted)
        {
            var alignment = PackageLayout.AlignmentFor(name);
            position = PackageLayout.AlignUp(position, alignment);
            entries.Add((name, position, data.Length, alignment, SHA256.HashData(data)));
            position += data.Length;
        }

        var bytes = new byte[position];
        PackageLayout.BuildHeader(entries, position).CopyTo(bytes, 0);
        for (var i = 0; i < sorted.Count; i++)
        {
            sorted[i].Data.CopyTo(bytes, entries[i].Item2);
        }

        return bytes;
    }

    /// <summary>The sample package with <paramref name="manifest"/> as the manifest's bytes.</summary>
    public static byte[] WithManifest(byte[] manifest) => Build(
    [
        (SectionNames.Manifest, manifest),
        (SectionNames.Weights, Samples.Weights()),
        ("code/x86_64-linux-gnu/x86-64-v3.so", [1, 2, 3]),
        ("code/nvptx64-nvidia-cuda/sm_80.ptx", [4, 5, 6]),
    ]);

    public static byte[] WithManifest(string manifest) => WithManifest(Encoding.UTF8.GetBytes(manifest));

    public static int EntryOffset(int index) => PackageLayout.FixedHeaderSize + (index * PackageLayout.EntrySize);

    /// <summary>Recomputes the header checksum after an edit, so later checks are reached.</summary>
    public static void Rehash(byte[] bytes)
    {
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        var tableEnd = PackageLayout.FixedHeaderSize + (count * PackageLayout.EntrySize);
        SHA256.HashData(bytes.AsSpan(0, tableEnd), bytes.AsSpan(tableEnd, 32));
    }

    public static void SetEntry(byte[] bytes, int index, long? offset = null, long? length = null, uint? alignment = null, string? name = null)
    {
        var e = bytes.AsSpan(EntryOffset(index), PackageLayout.EntrySize);
        if (offset is { } o)
        {
            BinaryPrimitives.WriteInt64LittleEndian(e[192..], o);
        }

        if (length is { } l)
        {
            BinaryPrimitives.WriteInt64LittleEndian(e[200..], l);
        }

        if (alignment is { } a)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(e[208..], a);
        }

        if (name is not null)
        {
            e[..192].Clear();
            Encoding.UTF8.GetBytes(name, e[..192]);
        }

        Rehash(bytes);
    }

    public static (long Offset, long Length) Entry(byte[] bytes, int index)
    {
        var e = bytes.AsSpan(EntryOffset(index), PackageLayout.EntrySize);
        return (BinaryPrimitives.ReadInt64LittleEndian(e[192..]), BinaryPrimitives.ReadInt64LittleEndian(e[200..]));
    }
}
