using Qc.Core.Data;
using Qc.Core.Tensors;

namespace Qc.Core.Tests.Data;

public sealed class OnnxTestDataSourceTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    // The tests store .npy bytes in the .pb files; the real driver passes Qc.Onnx.OnnxTensors.ReadFile.
    private static TensorData ReadNpy(string path) => NpyFormat.Read(path);

    private void Set(int n, params float[] inputs)
    {
        var folder = Directory.CreateDirectory(_files.Path($"test_data_set_{n}")).FullName;
        for (var i = 0; i < inputs.Length; i++)
        {
            NpyFormat.Write(Path.Combine(folder, $"input_{i}.pb"), TensorData.Create<float>([1, 1], [inputs[i]]));
        }

        NpyFormat.Write(Path.Combine(folder, "output_0.pb"), TensorData.Scalar(0f));
    }

    [Fact]
    public void FoldersAreSamplesInNumericOrder()
    {
        Set(10, 10, 11);
        Set(2, 2, 3);
        Set(0, 0, 1);
        var data = new OnnxTestDataSource(_files.Root, ReadNpy);
        Assert.Equal(3, data.Count);
        Assert.Equal([null, null], data.InputNames);
        Assert.False(data.HasLabels);
        Assert.Equal([0f, 2f, 10f], data.ReadSamples().Select(s => s.Inputs[0].ToArray<float>()[0]));
        Assert.Equal([1f, 3f, 11f], data.ReadSamples().Select(s => s.Inputs[1].ToArray<float>()[0]));
        Assert.Equal([3L, 1], data.Batches(4).Single().Inputs[1].Dims.ToArray());

        var one = new OnnxTestDataSource(_files.Path("test_data_set_2"), ReadNpy);
        Assert.Equal([2f], Assert.Single(one.ReadSamples()).Inputs[0].ToArray<float>());
        Assert.IsType<OnnxTestDataSource>(Datasets.Open(_files.Root, ReadNpy));
        Assert.Contains("TensorProto reader", Assert.Throws<DatasetFormatException>(() => Datasets.Open(_files.Root)).Message);
    }

    [Fact]
    public void MissingAndUnreadableInputsAreClearErrors()
    {
        Set(0, 0, 1);
        Set(1, 0);
        Assert.Contains("has 1 inputs but", Assert.Throws<DatasetFormatException>(() => new OnnxTestDataSource(_files.Root, ReadNpy)).Message);

        File.Delete(_files.Path("test_data_set_0/input_0.pb"));
        Assert.Contains("input_0.pb is missing", Assert.Throws<DatasetFormatException>(() => new OnnxTestDataSource(_files.Path("test_data_set_0"), ReadNpy)).Message);

        File.WriteAllBytes(_files.Path("test_data_set_1/input_0.pb"), [1, 2, 3]);
        var bad = new OnnxTestDataSource(_files.Path("test_data_set_1"), ReadNpy);
        var e = Assert.Throws<DatasetFormatException>(() => bad.ReadSamples().ToList());
        Assert.EndsWith("input_0.pb", e.Path);
        Assert.Contains("is not a readable tensor", e.Message);

        var empty = Directory.CreateDirectory(_files.Path("empty")).FullName;
        Assert.Contains("has no test_data_set_* folders", Assert.Throws<DatasetFormatException>(() => new OnnxTestDataSource(empty, ReadNpy)).Message);
    }
}
