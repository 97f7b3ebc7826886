using System.IO.Compression;
using Qc.Core.Tensors;

namespace Qc.Core.Data;

/// <summary>A NumPy <c>.npy</c> array whose rows (axis 0) are the samples, streamed one row at a time.</summary>
/// <remarks>Each sample is the row with a leading axis of 1 (an N×3×32×32 file gives 1×3×32×32 samples). Labels, when given,
/// are a separate rank-1 integer <c>.npy</c> of length N.</remarks>
public sealed class NpyDataset : IDatasetSource
{
    private readonly long[]? _labels;

    /// <summary>Opens the array (reading its header only) and the labels, if any.</summary>
    /// <exception cref="DatasetFormatException">A header is malformed, the data is shorter than the header says, or the counts differ.</exception>
    public NpyDataset(string path, string? labelsPath = null, string? inputName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        using (var stream = DataStreams.OpenMaybeGzip(path, out _))
        {
            var (type, dims) = NpyRows.ReadHeader(stream, path);
            if (dims.Length == 0)
            {
                throw new DatasetFormatException(path, "is a scalar: a dataset array needs a sample axis");
            }

            (ElementType, Dims) = (type, dims);
            var present = stream.CanSeek ? stream.Length - stream.Position : (long?)null;
            var needed = type.ByteCount(TensorData.ElementCountOf(dims));
            if (present < needed)
            {
                throw new DatasetFormatException(path, $"truncated: {needed} bytes of data needed for shape ({string.Join(", ", Dims)}), {present} present");
            }
        }

        InputNames = [inputName];
        if (labelsPath is not null)
        {
            _labels = NpyRows.ReadLabels(NpyRows.ReadWhole(labelsPath), labelsPath, Dims[0]);
        }
    }

    /// <summary>The array file.</summary>
    public string Path { get; }

    /// <summary>The element type.</summary>
    public ElementType ElementType { get; }

    /// <summary>The array's dims; <c>Dims[0]</c> is the sample count.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <inheritdoc/>
    public string Description => Path;

    /// <inheritdoc/>
    public IReadOnlyList<string?> InputNames { get; }

    /// <inheritdoc/>
    public long? Count => Dims[0];

    /// <inheritdoc/>
    public bool HasLabels => _labels is not null;

    /// <inheritdoc/>
    public IEnumerable<Sample> ReadSamples()
    {
        using var rows = NpyRows.Open(() => DataStreams.OpenMaybeGzip(Path, out _), Path);
        for (long n = 0; n < rows.Count; n++)
        {
            yield return new Sample(n, [rows.Next()], _labels?[n]);
        }
    }
}

/// <summary>A NumPy <c>.npz</c> archive (a zip of <c>.npy</c> members, stored or deflated): each chosen array is one model input,
/// its rows the samples; an optional integer array holds the labels.</summary>
/// <remarks>Every input array must have the same length along axis 0. Each input is streamed from its own reader, one row at a time.</remarks>
public sealed class NpzDataset : IDatasetSource
{
    private readonly string[] _members;
    private readonly long[]? _labels;

    /// <summary>Opens the archive and reads the headers of the chosen arrays.</summary>
    /// <param name="path">The <c>.npz</c> file.</param>
    /// <param name="inputs">The arrays to use as inputs, in model-input order (names without <c>.npy</c>); null for every array
    /// except <paramref name="labels"/>, in archive order.</param>
    /// <param name="labels">The name of a rank-1 integer array of labels, or null.</param>
    /// <exception cref="DatasetFormatException">The file is not a zip, an array is missing or malformed, or the counts differ.</exception>
    public NpzDataset(string path, IReadOnlyList<string>? inputs = null, string? labels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        using (var zip = OpenArchive(path))
        {
            var available = zip.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal))
                .Select(e => e.FullName[..^4]).ToList();
            var names = inputs?.ToArray() ?? available.Where(n => n != labels).ToArray();
            if (names.Length == 0)
            {
                throw new DatasetFormatException(path, $"has no input arrays (members: {string.Join(", ", zip.Entries.Select(e => e.FullName))})");
            }

            _members = names;
            var shapes = new List<IReadOnlyList<long>>();
            var types = new List<ElementType>();
            foreach (var name in names)
            {
                var entry = Entry(zip, path, name, available);
                using var stream = OpenEntry(entry, path);
                var (type, dims) = NpyRows.ReadHeader(stream, Member(name));
                if (dims.Length == 0)
                {
                    throw new DatasetFormatException(Member(name), "is a scalar: an input array needs a sample axis");
                }

                if (shapes.Count > 0 && dims[0] != shapes[0][0])
                {
                    throw new DatasetFormatException(Member(name), $"has {dims[0]} rows but '{names[0]}' has {shapes[0][0]}");
                }

                types.Add(type);
                shapes.Add(dims);
            }

            Shapes = shapes;
            ElementTypes = types;
            if (labels is not null)
            {
                var entry = Entry(zip, path, labels, available);
                using var stream = OpenEntry(entry, path);
                using var memory = new MemoryStream();
                CopyEntry(stream, memory, Member(labels));
                TensorData tensor;
                try
                {
                    tensor = NpyFormat.Read(memory.ToArray());
                }
                catch (FormatException e)
                {
                    throw new DatasetFormatException(Member(labels), e.Message, e);
                }

                _labels = NpyRows.ReadLabels(tensor, Member(labels), shapes[0][0]);
            }
        }

        InputNames = _members;
    }

    /// <summary>The archive.</summary>
    public string Path { get; }

    /// <summary>The dims of each input array, in input order.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Shapes { get; }

    /// <summary>The element type of each input array, in input order.</summary>
    public IReadOnlyList<ElementType> ElementTypes { get; }

    /// <inheritdoc/>
    public string Description => Path;

    /// <inheritdoc/>
    public IReadOnlyList<string?> InputNames { get; }

    /// <inheritdoc/>
    public long? Count => Shapes[0][0];

    /// <inheritdoc/>
    public bool HasLabels => _labels is not null;

    /// <inheritdoc/>
    public IEnumerable<Sample> ReadSamples()
    {
        var readers = new List<NpyRows>();
        try
        {
            foreach (var name in _members)
            {
                readers.Add(NpyRows.Open(() => OpenMemberForStreaming(name), Member(name)));
            }

            var count = Shapes[0][0];
            for (long n = 0; n < count; n++)
            {
                var inputs = new TensorData[readers.Count];
                for (var i = 0; i < readers.Count; i++)
                {
                    inputs[i] = readers[i].Next();
                }

                yield return new Sample(n, inputs, _labels?[n]);
            }
        }
        finally
        {
            foreach (var r in readers)
            {
                r.Dispose();
            }
        }
    }

    private string Member(string name) => $"{Path}[{name}.npy]";

    private Stream OpenMemberForStreaming(string name)
    {
        // One archive per member so that the inputs stream independently.
        var zip = OpenArchive(Path);
        try
        {
            return new OwningStream(OpenEntry(Entry(zip, Path, name, null), Path), zip);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static ZipArchive OpenArchive(string path)
    {
        try
        {
            return new ZipArchive(File.OpenRead(path), ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"not a .npz (zip) file: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException(path, $"cannot be opened: {e.Message}", e);
        }
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string path, string name, List<string>? available) =>
        zip.GetEntry(name + ".npy") ?? throw new DatasetFormatException(path,
            $"has no array '{name}'" + (available is null ? "" : $" (arrays: {string.Join(", ", available)})"));

    private static Stream OpenEntry(ZipArchiveEntry entry, string path)
    {
        try
        {
            return entry.Open();
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new DatasetFormatException(path, $"member '{entry.FullName}' cannot be read: {e.Message}", e);
        }
    }

    private static void CopyEntry(Stream from, Stream to, string member)
    {
        try
        {
            from.CopyTo(to);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(member, $"corrupt compressed data: {e.Message}", e);
        }
    }

    /// <summary>A zip member's stream that also disposes its archive.</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>Reads a .npy stream one row (axis-0 slice) at a time.</summary>
internal sealed class NpyRows : IDisposable
{
    private readonly Stream _stream;
    private readonly string _path;
    private readonly long[] _rowDims;
    private readonly int _rowBytes;
    private long _next;

    private NpyRows(Stream stream, string path, ElementType type, long[] dims)
    {
        _stream = stream;
        _path = path;
        Type = type;
        if (dims.Length == 0)
        {
            throw new DatasetFormatException(path, "is a scalar: a dataset array needs a sample axis");
        }

        Count = dims[0];
        _rowDims = [1, .. dims[1..]];
        if (type is ElementType.I4 or ElementType.U4 or ElementType.String)
        {
            throw new DatasetFormatException(path, $"{type.Name()} arrays cannot be split into rows");
        }

        _rowBytes = checked((int)type.ByteCount(TensorData.ElementCountOf(_rowDims)));
    }

    public ElementType Type { get; }

    public long Count { get; }

    public static (ElementType Type, long[] Dims) ReadHeader(Stream stream, string path) => NpyFormat.ReadHeader(stream, path);

    public static NpyRows Open(Func<Stream> open, string path)
    {
        var stream = open();
        try
        {
            var (type, dims) = ReadHeader(stream, path);
            return new NpyRows(stream, path, type, dims);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static TensorData ReadWhole(string path)
    {
        using var stream = DataStreams.OpenMaybeGzip(path, out _);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        try
        {
            return NpyFormat.Read(memory.ToArray());
        }
        catch (FormatException e)
        {
            throw new DatasetFormatException(path, e.Message, e);
        }
    }

    public static long[] ReadLabels(TensorData tensor, string path, long count)
    {
        if (tensor.Rank != 1 || !(tensor.ElementType.IsInteger() || tensor.ElementType == ElementType.Bool))
        {
            throw new DatasetFormatException(path, $"labels must be a rank-1 integer array, found {DatasetExtensions.Describe(tensor)}");
        }

        if (tensor.Dims[0] != count)
        {
            throw new DatasetFormatException(path, $"{tensor.Dims[0]} labels for {count} samples");
        }

        return tensor.ToInt64Array();
    }

    public TensorData Next()
    {
        var bytes = new byte[_rowBytes];
        var index = _next;
        DataStreams.ReadExactly(_stream, bytes, _path, () => $"row {index} of the {Count} the header declares");
        _next++;
        return TensorData.FromBytes(Type, _rowDims, bytes);
    }

    public void Dispose() => _stream.Dispose();
}
