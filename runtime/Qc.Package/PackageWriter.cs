using System.Security.Cryptography;

namespace Qc.Package;

/// <summary>Collects sections and writes a <c>.qcpkg</c> file deterministically: sections sorted by name (ordinal), each
/// at the next multiple of its alignment, zero padding, no timestamps; the same sections give the same bytes.</summary>
/// <remarks>The manifest is validated against the sections before anything is written (code sections present, weights
/// inside <c>weights.bin</c>), so the writer never produces a package the reader rejects. Files are written to a temporary
/// name in the target folder and renamed.</remarks>
public sealed class PackageWriter
{
    private readonly SortedDictionary<string, ReadOnlyMemory<byte>> _sections = new(StringComparer.Ordinal);

    /// <summary>Adds a section; a name already present is an error.</summary>
    /// <exception cref="PackageException"><see cref="PackageErrorCode.InvalidWrite"/> for a bad or duplicate name.</exception>
    public PackageWriter Add(string name, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SectionNames.IsValid(name))
        {
            throw new PackageException(PackageErrorCode.InvalidWrite, $"invalid section name '{name}' (1 to {SectionNames.MaxNameLength} characters of A-Z a-z 0-9 . _ - + , : /)", name);
        }

        if (!_sections.TryAdd(name, data))
        {
            throw new PackageException(PackageErrorCode.InvalidWrite, $"section '{name}' added twice", name);
        }

        return this;
    }

    /// <summary>Adds a section (the array is not copied: do not change it before writing).</summary>
    public PackageWriter Add(string name, byte[] data) => Add(name, new ReadOnlyMemory<byte>(data ?? throw new ArgumentNullException(nameof(data))));

    /// <summary>Adds <c>manifest.json</c>.</summary>
    public PackageWriter AddManifest(PackageManifest manifest) => Add(SectionNames.Manifest, ManifestJson.Serialize(manifest));

    /// <summary>Adds <c>provenance.json</c>.</summary>
    public PackageWriter AddProvenance(PackageProvenance provenance) => Add(SectionNames.Provenance, ManifestJson.Serialize(provenance));

    /// <summary>The names added so far, sorted.</summary>
    public IReadOnlyCollection<string> Names => _sections.Keys;

    /// <summary>The whole package in memory.</summary>
    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Writes the package to <paramref name="path"/> through a temporary file in the same folder and a rename.</summary>
    /// <exception cref="PackageException"><see cref="PackageErrorCode.Io"/> when the folder cannot be written; the
    /// validation codes when the sections are inconsistent (nothing is written then).</exception>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new PackageException(PackageErrorCode.Io, $"cannot write '{path}': {e.Message}", inner: e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder itself is missing or unwritable: there is no temporary file to remove.
        }
    }

    /// <summary>Writes the package to a stream.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_sections.Count > PackageLayout.MaxSections)
        {
            throw new PackageException(PackageErrorCode.InvalidWrite, $"at most {PackageLayout.MaxSections} sections, not {_sections.Count}");
        }

        ValidateContents();
        var entries = new List<(string Name, long Offset, long Length, int Alignment, byte[] Hash)>(_sections.Count);
        var position = PackageLayout.HeaderLength(_sections.Count);
        foreach (var (name, data) in _sections)
        {
            var alignment = PackageLayout.AlignmentFor(name);
            position = PackageLayout.AlignUp(position, alignment);
            entries.Add((name, position, data.Length, alignment, SHA256.HashData(data.Span)));
            position += data.Length;
        }

        var header = PackageLayout.BuildHeader(entries, position);
        stream.Write(header);
        long written = header.Length;
        var zeros = new byte[PackageLayout.MaxAlignment];
        var i = 0;
        foreach (var data in _sections.Values)
        {
            var pad = entries[i++].Offset - written;
            stream.Write(zeros, 0, checked((int)pad));
            stream.Write(data.Span);
            written += pad + data.Length;
        }
    }

    private void ValidateContents()
    {
        if (!_sections.TryGetValue(SectionNames.Manifest, out var manifestBytes))
        {
            throw new PackageException(PackageErrorCode.InvalidWrite, $"a package needs a '{SectionNames.Manifest}' section", SectionNames.Manifest);
        }

        var manifest = ManifestJson.Parse<PackageManifest>(manifestBytes.Span, PackageErrorCode.ManifestInvalid, "manifest", SectionNames.Manifest);
        ManifestValidator.Validate(manifest, _sections.ToDictionary(p => p.Key, p => (long)p.Value.Length, StringComparer.Ordinal));
        if (_sections.TryGetValue(SectionNames.Provenance, out var provenance))
        {
            _ = ManifestJson.DeserializeProvenance(provenance.Span);
        }
    }
}
