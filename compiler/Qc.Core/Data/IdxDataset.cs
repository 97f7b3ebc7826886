using Qc.Core.Tensors;

namespace Qc.Core.Data;

/// <summary>Images (and optionally labels) in IDX files, such as MNIST and Fashion-MNIST, gzip-compressed or raw.</summary>
/// <remarks>Images must be uint8 of rank 3 (N×H×W, one channel) or 4 (N×C×H×W); each sample is a float32 tensor 1×C×H×W with
/// the pixels divided by 255, so in [0, 1]. Labels must be a rank-1 integer file with the same N. The headers are validated
/// at construction; the pixels are streamed one image at a time.</remarks>
public sealed class IdxDataset : IDatasetSource
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs Fashion-MNIST.</summary>
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    private readonly long[] _sampleDims;

    /// <summary>Opens an image file and, optionally, its label file.</summary>
    /// <exception cref="DatasetFormatException">A header is malformed, of the wrong type or rank, or the counts differ.</exception>
    public IdxDataset(string imagesPath, string? labelsPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ImagesPath = imagesPath;
        LabelsPath = labelsPath;
        Images = IdxFile.ReadHeader(imagesPath);
        if (Images.ElementType != ElementType.U8 || Images.Dims.Length is not (3 or 4))
        {
            throw new DatasetFormatException(imagesPath,
                $"expected uint8 images N×H×W or N×C×H×W, found {Images.ElementType.Name()} of rank {Images.Dims.Length} ({string.Join("x", Images.Dims)})");
        }

        _sampleDims = Images.Dims.Length == 3 ? [1, 1, Images.Dims[1], Images.Dims[2]] : [1, .. Images.ItemDims];
        if (labelsPath is not null)
        {
            Labels = IdxFile.ReadHeader(labelsPath);
            if (Labels.Dims.Length != 1 || !Labels.ElementType.IsInteger())
            {
                throw new DatasetFormatException(labelsPath,
                    $"expected integer labels of rank 1, found {Labels.ElementType.Name()} of rank {Labels.Dims.Length} ({string.Join("x", Labels.Dims)})");
            }

            if (Labels.Count != Images.Count)
            {
                throw new DatasetFormatException(labelsPath, $"{Labels.Count} labels for the {Images.Count} images of '{imagesPath}'");
            }
        }
    }

    /// <summary>The image file.</summary>
    public string ImagesPath { get; }

    /// <summary>The label file, if any.</summary>
    public string? LabelsPath { get; }

    /// <summary>The image file's header.</summary>
    public IdxHeader Images { get; }

    /// <summary>The label file's header, if any.</summary>
    public IdxHeader? Labels { get; }

    /// <summary>The dims of one sample: 1×C×H×W.</summary>
    public IReadOnlyList<long> SampleDims => _sampleDims;

    /// <inheritdoc/>
    public string Description => ImagesPath;

    /// <inheritdoc/>
    public IReadOnlyList<string?> InputNames { get; } = [null];

    /// <inheritdoc/>
    public long? Count => Images.Count;

    /// <inheritdoc/>
    public bool HasLabels => LabelsPath is not null;

    /// <summary>A split (<c>train</c> or <c>t10k</c>) of an MNIST-style folder holding <c>{split}-images-idx3-ubyte[.gz]</c>
    /// and <c>{split}-labels-idx1-ubyte[.gz]</c>.</summary>
    /// <exception cref="DatasetFormatException">The image or label file is missing or malformed.</exception>
    public static IdxDataset FromFolder(string folder, string split = "t10k")
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new IdxDataset(Find(folder, $"{split}-images-idx3-ubyte"), Find(folder, $"{split}-labels-idx1-ubyte"));
    }

    /// <summary>Reads all labels (N bytes for MNIST) as 64-bit integers.</summary>
    public long[] ReadLabels() =>
        LabelsPath is null ? throw new InvalidOperationException($"'{ImagesPath}' has no label file") : IdxFile.ReadAll(LabelsPath).ToInt64Array();

    /// <inheritdoc/>
    public IEnumerable<Sample> ReadSamples()
    {
        using var images = IdxFile.Open(ImagesPath, out var header);
        using var labels = LabelsPath is null ? null : IdxFile.Open(LabelsPath, out _);
        var pixels = new byte[header.ItemBytes];
        var labelBytes = Labels is null ? [] : new byte[Labels.ItemBytes];
        for (long n = 0; n < header.Count; n++)
        {
            var index = n;
            DataStreams.ReadExactly(images, pixels, ImagesPath, () => $"image {index} of the {header.Count} the header declares");
            var values = new float[pixels.Length];
            for (var i = 0; i < pixels.Length; i++)
            {
                values[i] = pixels[i] / 255f;
            }

            long? label = null;
            if (labels is not null)
            {
                DataStreams.ReadExactly(labels, labelBytes, LabelsPath!, () => $"label {index} of the {header.Count} the header declares");
                IdxFile.ToLittleEndian(labelBytes, Labels!.ElementType);
                label = TensorData.FromBytes(Labels.ElementType, [], labelBytes).ToInt64Array()[0];
            }

            yield return new Sample(n, [TensorData.Create<float>(_sampleDims, values)], label);
        }
    }

    private static string Find(string folder, string stem)
    {
        foreach (var name in new[] { stem + ".gz", stem })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new DatasetFormatException(Path.Combine(folder, stem + ".gz"), "is missing (neither it nor the uncompressed file exists)");
    }
}
