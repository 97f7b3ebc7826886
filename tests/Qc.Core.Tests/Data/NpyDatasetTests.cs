using System.IO.Compression;
using Qc.Core.Data;
using Qc.Core.Tensors;

namespace Qc.Core.Tests.Data;

public sealed class NpyDatasetTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static TensorData Range(int rows, int cols, float offset = 0) =>
        TensorData.Create<float>([rows, cols], Enumerable.Range(0, rows * cols).Select(i => i + offset).ToArray());

    [Fact]
    public void NpyRowsAreSamplesWithLabels()
    {
        var path = _files.Path("x.npy");
        NpyFormat.Write(path, Range(4, 3));
        var labelsPath = _files.Path("y.npy");
        NpyFormat.Write(labelsPath, TensorData.Create<long>([4], [3, 1, 4, 1]));

        var data = new NpyDataset(path, labelsPath, inputName: "x");
        Assert.Equal(4, data.Count);
        Assert.Equal(["x"], data.InputNames);
        var samples = data.ReadSamples().ToList();
        Assert.Equal([1L, 3], samples[1].Inputs[0].Dims.ToArray());
        Assert.Equal([3f, 4f, 5f], samples[1].Inputs[0].ToArray<float>());
        Assert.Equal([3L, 1, 4, 1], samples.Select(s => s.Label!.Value));
        Assert.IsType<NpyDataset>(Datasets.Open(path));

        var batch = Assert.Single(data.Batches(8));
        Assert.Equal(Range(4, 3).ToArray<float>(), batch.Inputs[0].ToArray<float>());
        Assert.Equal([4L, 3], batch.Inputs[0].Dims.ToArray());
    }

    [Fact]
    public void MalformedNpyIsAClearError()
    {
        var bytes = NpyFormat.ToBytes(Range(4, 3));
        var truncated = _files.Write("t.npy", bytes[..^5]);
        var e = Assert.Throws<DatasetFormatException>(() => new NpyDataset(truncated));
        Assert.Contains("truncated: 48 bytes of data needed for shape (4, 3), 43 present", e.Message);

        var notNpy = _files.Write("n.npy", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        Assert.Contains("\\x93NUMPY", Assert.Throws<DatasetFormatException>(() => new NpyDataset(notNpy)).Message);

        var scalar = _files.Path("s.npy");
        NpyFormat.Write(scalar, TensorData.Scalar(1f));
        Assert.Contains("scalar", Assert.Throws<DatasetFormatException>(() => new NpyDataset(scalar)).Message);

        var x = _files.Path("x.npy");
        NpyFormat.Write(x, Range(4, 3));
        var labels = _files.Path("l.npy");
        NpyFormat.Write(labels, TensorData.Create<int>([3], [1, 2, 3]));
        Assert.Contains("3 labels for 4 samples", Assert.Throws<DatasetFormatException>(() => new NpyDataset(x, labels)).Message);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void NpzArraysAreInputsStreamedTogether(CompressionLevel level)
    {
        var path = _files.Npz("d.npz", level,
            ("image", Range(5, 4)), ("labels", TensorData.Create<byte>([5], [9, 8, 7, 6, 5])), ("mask", Range(5, 2, 100)));
        var data = new NpzDataset(path, labels: "labels");
        Assert.Equal(["image", "mask"], data.InputNames);
        Assert.Equal(5, data.Count);
        var samples = data.ReadSamples().ToList();
        Assert.Equal([16f, 17f, 18f, 19f], samples[4].Inputs[0].ToArray<float>());
        Assert.Equal([108f, 109f], samples[4].Inputs[1].ToArray<float>());
        Assert.Equal([9L, 8, 7, 6, 5], samples.Select(s => s.Label!.Value));

        var chosen = new NpzDataset(path, inputs: ["mask"]);
        Assert.False(chosen.HasLabels);
        Assert.Equal([3L, 2], chosen.Batches(3).First().Inputs[0].Dims.ToArray());
        Assert.IsType<NpzDataset>(Datasets.Open(path, labels: "labels"));
    }

    [Fact]
    public void MalformedNpzIsAClearError()
    {
        var notZip = _files.Write("n.npz", [1, 2, 3]);
        Assert.Contains("not a .npz (zip) file", Assert.Throws<DatasetFormatException>(() => new NpzDataset(notZip)).Message);

        var path = _files.Npz("d.npz", CompressionLevel.Optimal, ("a", Range(5, 4)), ("b", Range(4, 4)));
        Assert.Contains("has 4 rows but 'a' has 5", Assert.Throws<DatasetFormatException>(() => new NpzDataset(path)).Message);
        var e = Assert.Throws<DatasetFormatException>(() => new NpzDataset(path, inputs: ["c"]));
        Assert.Contains("has no array 'c' (arrays: a, b)", e.Message);
    }
}
