using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Qc.Package;

/// <summary>An open, fully validated package: the file mapped read-only into memory, its section table, manifest and
/// provenance. Section pointers stay valid until the package is disposed (weights are used in place from the mapping).</summary>
/// <remarks>Opening checks, in order: magic, version, the section count and header length, the header checksum, the file
/// length, every entry (name, alignment, bounds), overlaps, zero padding, every section's sha256, then the manifest's
/// JSON and rules against the sections. Every failure is a <see cref="PackageException"/> with a specific code.</remarks>
public sealed unsafe class QcPackage : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte[]? _bytes;
    private GCHandle _pin;
    private byte* _base;
    private readonly Dictionary<string, PackageSection> _byName;

    private QcPackage(byte* basePointer, long length, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte[]? bytes, GCHandle pin, string? path)
    {
        _base = basePointer;
        Length = length;
        _map = map;
        _view = view;
        _bytes = bytes;
        _pin = pin;
        FilePath = path;
        try
        {
            Sections = Validate(basePointer, length);
            _byName = Sections.ToDictionary(s => s.Name, StringComparer.Ordinal);
            if (!_byName.ContainsKey(SectionNames.Manifest))
            {
                throw new PackageException(PackageErrorCode.MissingSection, $"missing section '{SectionNames.Manifest}'", SectionNames.Manifest);
            }

            Manifest = ManifestJson.Parse<PackageManifest>(GetSpan(SectionNames.Manifest), PackageErrorCode.ManifestInvalid, "manifest", SectionNames.Manifest);
            ManifestValidator.Validate(Manifest, Sections.ToDictionary(s => s.Name, s => s.Length, StringComparer.Ordinal));
            Provenance = _byName.ContainsKey(SectionNames.Provenance) ? ManifestJson.DeserializeProvenance(GetSpan(SectionNames.Provenance)) : null;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The file the package was opened from, or null for one loaded from bytes.</summary>
    public string? FilePath { get; }

    /// <summary>The package's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The section table, sorted by name.</summary>
    public ImmutableArray<PackageSection> Sections { get; }

    /// <summary>The validated manifest.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>The provenance, when the package has a <c>provenance.json</c> section.</summary>
    public PackageProvenance? Provenance { get; }

    /// <summary>Opens and validates the package at <paramref name="path"/>, mapping it read-only.</summary>
    /// <exception cref="PackageException">The file cannot be read (<see cref="PackageErrorCode.Io"/>) or is not a valid package.</exception>
    public static QcPackage Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PackageException(PackageErrorCode.Io, $"cannot open '{path}': {e.Message}", inner: e);
        }

        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var length = stream.Length;
            if (length < PackageLayout.FixedHeaderSize)
            {
                // Too short to map usefully (and an empty file cannot be mapped): read it and report through the checks.
                var small = new byte[length];
                stream.ReadExactly(small);
                stream.Dispose();
                return FromBytes(small, path);
            }

            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            return new QcPackage(p + view.PointerOffset, length, map, view, null, default, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            view?.Dispose();
            map?.Dispose();
            stream.Dispose();
            throw new PackageException(PackageErrorCode.Io, $"cannot read '{path}': {e.Message}", inner: e);
        }
        catch (Exception e) when (e is not PackageException)
        {
            view?.Dispose();
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Validates a package held in memory (the array is copied).</summary>
    /// <exception cref="PackageException">The bytes are not a valid package.</exception>
    public static QcPackage FromBytes(ReadOnlySpan<byte> bytes) => FromBytes(bytes.ToArray(), null);

    private static QcPackage FromBytes(byte[] copy, string? path)
    {
        var pin = GCHandle.Alloc(copy, GCHandleType.Pinned);
        return new QcPackage((byte*)pin.AddrOfPinnedObject(), copy.Length, null, null, copy, pin, path);
    }

    /// <summary>True when a section of that name exists.</summary>
    public bool HasSection(string name) => _byName.ContainsKey(name);

    /// <summary>The table entry of a section.</summary>
    /// <exception cref="PackageException"><see cref="PackageErrorCode.MissingSection"/>.</exception>
    public PackageSection GetSection(string name) => _byName.TryGetValue(name, out var s)
        ? s
        : throw new PackageException(PackageErrorCode.MissingSection, $"missing section '{name}'", name);

    /// <summary>A section's bytes in place (sections up to 2 GiB; use <see cref="GetPointer"/> beyond).</summary>
    public ReadOnlySpan<byte> GetSpan(string name)
    {
        var s = GetSection(name);
        if (s.Length > int.MaxValue)
        {
            throw new InvalidOperationException($"section '{name}' is {s.Length} bytes; use GetPointer");
        }

        return new ReadOnlySpan<byte>(Base + s.Offset, (int)s.Length);
    }

    /// <summary>A copy of a section's bytes.</summary>
    public byte[] ReadSection(string name) => GetSpan(name).ToArray();

    /// <summary>The address of a section's first byte in the read-only mapping, valid until <see cref="Dispose"/>.</summary>
    public IntPtr GetPointer(string name) => (IntPtr)(Base + GetSection(name).Offset);

    private byte* Base => _base != null ? _base : throw new ObjectDisposedException(nameof(QcPackage));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_view is not null && _base != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _base = null;
        _view?.Dispose();
        _map?.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }

        GC.KeepAlive(_bytes);
    }

    private static PackageException Error(PackageErrorCode code, string message, string? section = null) => new(code, message, section);

    /// <summary>Checks the container (everything but the manifest) and returns the section table.</summary>
    private static ImmutableArray<PackageSection> Validate(byte* p, long length)
    {
        var magic = PackageLayout.Magic;
        if (length < magic.Length)
        {
            throw Error(PackageErrorCode.Truncated, $"truncated package: {length} bytes, shorter than the {magic.Length}-byte magic");
        }

        if (!new ReadOnlySpan<byte>(p, magic.Length).SequenceEqual(magic))
        {
            throw Error(PackageErrorCode.BadMagic, "not a qc package: bad magic (expected \"QCPKG\\r\\n\\x1a\")");
        }

        if (length < PackageLayout.FixedHeaderSize)
        {
            throw Error(PackageErrorCode.Truncated, $"truncated package: {length} bytes, shorter than the {PackageLayout.FixedHeaderSize}-byte header");
        }

        var fixedHeader = new ReadOnlySpan<byte>(p, PackageLayout.FixedHeaderSize);
        var version = BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[8..]);
        if (version != PackageLayout.FormatVersion)
        {
            throw Error(PackageErrorCode.UnsupportedVersion, $"unsupported package format version {version} (this runtime reads version {PackageLayout.FormatVersion})");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[12..]);
        var declaredLength = BinaryPrimitives.ReadInt64LittleEndian(fixedHeader[16..]);
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(fixedHeader[24..]);
        if (count > PackageLayout.MaxSections)
        {
            throw Error(PackageErrorCode.BadSectionTable, $"section count {count} exceeds the maximum {PackageLayout.MaxSections}");
        }

        if (headerLength != PackageLayout.HeaderLength(count))
        {
            throw Error(PackageErrorCode.BadSectionTable, $"header length {headerLength} does not match {count} sections (expected {PackageLayout.HeaderLength(count)})");
        }

        if (length < headerLength)
        {
            throw Error(PackageErrorCode.Truncated, $"truncated package: {length} bytes, the header and section table need {headerLength}");
        }

        var header = new ReadOnlySpan<byte>(p, (int)headerLength);
        var tableEnd = (int)headerLength - PackageLayout.ChecksumSize;
        Span<byte> checksum = stackalloc byte[32];
        SHA256.HashData(header[..tableEnd], checksum);
        if (!checksum.SequenceEqual(header[tableEnd..]))
        {
            throw Error(PackageErrorCode.HeaderChecksumMismatch, "header checksum mismatch: the header or section table is corrupt");
        }

        if (length < declaredLength)
        {
            throw Error(PackageErrorCode.Truncated, $"truncated package: {length} bytes, the header declares {declaredLength}");
        }

        if (length > declaredLength)
        {
            throw Error(PackageErrorCode.TrailingData, $"{length - declaredLength} bytes after the end the header declares ({declaredLength})");
        }

        if (header[32..64].ContainsAnyExcept((byte)0))
        {
            throw Error(PackageErrorCode.BadSectionTable, "reserved header bytes are not zero");
        }

        var sections = ImmutableArray.CreateBuilder<PackageSection>((int)count);
        var hashes = new byte[count][];
        string? previous = null;
        for (var i = 0; i < (int)count; i++)
        {
            var e = header.Slice(PackageLayout.FixedHeaderSize + (i * PackageLayout.EntrySize), PackageLayout.EntrySize);
            var name = ReadName(e[..PackageLayout.NameFieldSize], i);
            if (previous is not null && string.CompareOrdinal(previous, name) >= 0)
            {
                throw Error(PackageErrorCode.BadSectionTable, previous == name
                    ? $"section '{name}' appears twice"
                    : $"section table is not sorted by name ('{previous}' before '{name}')", name);
            }

            previous = name;
            var offset = BinaryPrimitives.ReadInt64LittleEndian(e[192..]);
            var size = BinaryPrimitives.ReadInt64LittleEndian(e[200..]);
            var alignment = BinaryPrimitives.ReadUInt32LittleEndian(e[208..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(e[212..]) != 0 || e[248..].ContainsAnyExcept((byte)0))
            {
                throw Error(PackageErrorCode.BadSectionTable, $"reserved bytes of section '{name}' are not zero", name);
            }

            if (alignment < PackageLayout.DefaultAlignment || alignment > PackageLayout.MaxAlignment || (alignment & (alignment - 1)) != 0)
            {
                throw Error(PackageErrorCode.BadSectionTable, $"section '{name}' has alignment {alignment} (a power of two from {PackageLayout.DefaultAlignment} to {PackageLayout.MaxAlignment})", name);
            }

            if (name == SectionNames.Weights && alignment < PackageLayout.WeightsAlignment)
            {
                throw Error(PackageErrorCode.SectionMisaligned, $"section '{name}' must be aligned to {PackageLayout.WeightsAlignment} bytes, not {alignment}", name);
            }

            if (offset < headerLength || size < 0 || offset > length || size > length - offset)
            {
                throw Error(PackageErrorCode.SectionOutOfBounds, $"section '{name}' [{offset}, +{size}) lies outside the data area [{headerLength}, {length})", name);
            }

            if (offset % alignment != 0)
            {
                throw Error(PackageErrorCode.SectionMisaligned, $"section '{name}' at offset {offset} is not aligned to {alignment} bytes", name);
            }

            hashes[i] = e.Slice(216, 32).ToArray();
            sections.Add(new PackageSection(name, offset, size, (int)alignment, PackageLayout.Hex(hashes[i])));
        }

        // Overlaps and padding, in file order.
        var byOffset = Enumerable.Range(0, (int)count).OrderBy(i => sections[i].Offset).ThenBy(i => sections[i].Length).ToArray();
        var end = headerLength;
        string? endOwner = null;
        foreach (var i in byOffset)
        {
            var s = sections[i];
            if (s.Offset < end)
            {
                throw Error(PackageErrorCode.SectionOverlap, endOwner is null
                    ? $"section '{s.Name}' overlaps the header"
                    : $"sections '{endOwner}' and '{s.Name}' overlap", s.Name);
            }

            CheckZero(p, end, s.Offset, endOwner);
            end = s.Offset + s.Length;
            endOwner = s.Name;
        }

        CheckZero(p, end, length, endOwner);

        Span<byte> actual = stackalloc byte[32];
        for (var i = 0; i < (int)count; i++)
        {
            var s = sections[i];
            HashRange(p + s.Offset, s.Length, actual);
            if (!actual.SequenceEqual(hashes[i]))
            {
                throw Error(PackageErrorCode.SectionHashMismatch, $"hash mismatch for section '{s.Name}': the package is corrupt", s.Name);
            }
        }

        return sections.MoveToImmutable();
    }

    private static string ReadName(ReadOnlySpan<byte> field, int index)
    {
        var nul = field.IndexOf((byte)0);
        if (nul <= 0 || field[nul..].ContainsAnyExcept((byte)0))
        {
            throw Error(PackageErrorCode.BadSectionTable, $"section {index} has an empty or malformed name");
        }

        string name;
        try
        {
            name = new UTF8Encoding(false, true).GetString(field[..nul]);
        }
        catch (DecoderFallbackException)
        {
            throw Error(PackageErrorCode.BadSectionTable, $"section {index} has a name that is not UTF-8");
        }

        return SectionNames.IsValid(name)
            ? name
            : throw Error(PackageErrorCode.BadSectionTable, $"section {index} has an invalid name '{name}'");
    }

    private static void CheckZero(byte* p, long from, long to, string? after)
    {
        for (var at = from; at < to;)
        {
            var n = (int)Math.Min(to - at, 1 << 20);
            var k = new ReadOnlySpan<byte>(p + at, n).IndexOfAnyExcept((byte)0);
            if (k >= 0)
            {
                throw Error(PackageErrorCode.NonZeroPadding, $"non-zero padding byte at offset {at + k}{(after is null ? " after the header" : $" after section '{after}'")}", after);
            }

            at += n;
        }
    }

    private static void HashRange(byte* p, long length, Span<byte> hash)
    {
        if (length <= int.MaxValue)
        {
            SHA256.HashData(new ReadOnlySpan<byte>(p, (int)length), hash);
            return;
        }

        using var incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long at = 0; at < length;)
        {
            var n = (int)Math.Min(length - at, 1 << 30);
            incremental.AppendData(new ReadOnlySpan<byte>(p + at, n));
            at += n;
        }

        incremental.GetHashAndReset(hash);
    }
}
