using Qc.Core.Data;
using Qc.Core.Tensors;

namespace Qc.Core.Tests.Data;

public sealed class IdxDatasetTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesScaledToUnitRangeWithLabels(bool gzip)
    {
        var (images, labels) = _files.Mnist("t10k", 12, 3, 2, gzip);
        var data = new IdxDataset(images, labels);
        Assert.Equal(12, data.Count);
        Assert.Equal(gzip, data.Images.Compressed);
        Assert.True(data.HasLabels);
        Assert.Equal([1L, 1, 3, 2], data.SampleDims);

        var samples = data.ReadSamples().ToList();
        Assert.Equal(12, samples.Count);
        for (var k = 0; k < samples.Count; k++)
        {
            var x = Assert.Single(samples[k].Inputs);
            Assert.Equal(ElementType.F32, x.ElementType);
            Assert.Equal([1L, 1, 3, 2], x.Dims.ToArray());
            Assert.Equal(Enumerable.Range(0, 6).Select(i => (((k * 16) + i) % 256) / 255f), x.ToArray<float>());
            Assert.Equal(k % 10, samples[k].Label);
            Assert.Equal(k, samples[k].Index);
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(k => (long)(k % 10)), data.ReadLabels());
    }

    [Fact]
    public void FromFolderFindsTheSplitAndDatasetsOpenDispatches()
    {
        _files.Mnist("t10k", 4, 2, 2, gzip: true);
        _files.Mnist("train", 6, 2, 2, gzip: false);
        Assert.Equal(4, IdxDataset.FromFolder(_files.Root).Count);
        Assert.Equal(6, IdxDataset.FromFolder(_files.Root, "train").Count);
        var opened = Assert.IsType<IdxDataset>(Datasets.Open(_files.Root));
        Assert.True(opened.HasLabels);
        var single = Assert.IsType<IdxDataset>(Datasets.Open(_files.Path("train-images-idx3-ubyte")));
        Assert.Equal(_files.Path("train-labels-idx1-ubyte"), single.LabelsPath);
        var e = Assert.Throws<DatasetFormatException>(() => IdxDataset.FromFolder(_files.Root, "valid"));
        Assert.Contains("valid-images-idx3-ubyte", e.Message);
    }

    [Fact]
    public void ReadItemsConvertsBigEndianValues()
    {
        byte[] payload = [0, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFE, 0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0];
        var ints = _files.Write("ints.idx", DataFiles.Idx(0x0C, [2, 2], payload[..8].Concat(new byte[8]).ToArray()));
        var items = IdxFile.ReadItems(ints).ToList();
        Assert.Equal([256, -2], items[0].ToArray<int>());
        Assert.Equal(2, items.Count);
        Assert.Equal([2L], items[1].Dims.ToArray());

        var floats = _files.Write("floats.idx.gz", DataFiles.Idx(0x0D, [1, 2], payload[8..]), gzip: true);
        Assert.Equal([1f, -2f], Assert.Single(IdxFile.ReadItems(floats)).ToArray<float>());
        Assert.Equal([1L, 2], IdxFile.ReadAll(floats).Dims.ToArray());
    }

    [Fact]
    public void WrongMagicIsAClearError()
    {
        var path = _files.Write("bad.idx", [0x1F, 0x00, 0x08, 0x03, 0, 0, 0, 0]);
        var e = Assert.Throws<DatasetFormatException>(() => new IdxDataset(path));
        Assert.Equal(path, e.Path);
        Assert.Contains("not an IDX file", e.Message);

        var unknownType = _files.Write("type.idx", DataFiles.Idx(0x0A, [1], [0]));
        Assert.Contains("unknown element type code 0x0A", Assert.Throws<DatasetFormatException>(() => IdxFile.ReadHeader(unknownType)).Message);

        var empty = _files.Write("empty.idx", []);
        Assert.Contains("truncated", Assert.Throws<DatasetFormatException>(() => IdxFile.ReadHeader(empty)).Message);
    }

    [Fact]
    public void RawTruncationAndTrailingBytesAreFoundAtConstruction()
    {
        var truncated = _files.Write("short.idx", DataFiles.Idx(0x08, [10, 2, 2], new byte[39]));
        var e = Assert.Throws<DatasetFormatException>(() => new IdxDataset(truncated));
        Assert.Contains("truncated: the header declares 10x2x2 u8 (40 bytes of data), 39 present", e.Message);

        var longer = _files.Write("long.idx", DataFiles.Idx(0x08, [10, 2, 2], new byte[41]));
        Assert.Contains("1 bytes follow", Assert.Throws<DatasetFormatException>(() => new IdxDataset(longer)).Message);
    }

    [Fact]
    public void GzipTruncationIsFoundWhileStreamingAndAPrefixStillReads()
    {
        var full = DataFiles.Gzip(DataFiles.Idx(0x08, [1000, 28, 28], Enumerable.Range(0, 784_000).Select(i => (byte)(i * 7)).ToArray()));
        var path = _files.Write("cut-images-idx3-ubyte.gz", full[..(full.Length / 2)]);
        var data = new IdxDataset(path);
        Assert.Equal(1000, data.Count);

        // Streaming: the first batches come from the intact prefix without reading the rest.
        Assert.Equal(2, data.Batches(50, limit: 100).Count());
        var e = Assert.Throws<DatasetFormatException>(() => data.ReadSamples().Count());
        Assert.Equal(path, e.Path);
        Assert.Matches("truncated|corrupt", e.Message);
    }

    [Fact]
    public void LabelFileMustMatchTheImages()
    {
        var (images, _) = _files.Mnist("a", 5, 2, 2, gzip: false);
        var (_, labels) = _files.Mnist("b", 4, 2, 2, gzip: false);
        var e = Assert.Throws<DatasetFormatException>(() => new IdxDataset(images, labels));
        Assert.Contains("4 labels for the 5 images", e.Message);
        Assert.Contains("expected uint8 images", Assert.Throws<DatasetFormatException>(() => new IdxDataset(labels)).Message);
    }

    [Fact]
    public void BatchesConcatenateAlongTheBatchAxis()
    {
        var (images, labels) = _files.Mnist("t10k", 5, 2, 2, gzip: true);
        var data = new IdxDataset(images, labels);
        var batches = data.Batches(2).ToList();
        Assert.Equal([2, 2, 1], batches.Select(b => b.Count));
        Assert.Equal([0L, 2, 4], batches.Select(b => b.Start));
        Assert.Equal([2L, 1, 2, 2], batches[0].Inputs[0].Dims.ToArray());
        Assert.Equal([1L, 1, 2, 2], batches[2].Inputs[0].Dims.ToArray());
        Assert.Equal([2L, 3], batches[1].Labels);
        var all = data.ReadSamples().SelectMany(s => s.Inputs[0].ToArray<float>());
        Assert.Equal(all, batches.SelectMany(b => b.Inputs[0].ToArray<float>()));

        Assert.Equal([2, 1], data.Batches(2, limit: 3).Select(b => b.Count));
        Assert.Empty(data.Batches(2, limit: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Batches(0));
    }
}
