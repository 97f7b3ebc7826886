using Qc.Core.Data;
using Qc.Core.Tensors;
using Qc.Onnx;

namespace Qc.Fixtures.Tests;

/// <summary>The loaders on the real data: Debian's Fashion-MNIST and the ONNX backend test folders (read with Qc.Onnx).</summary>
public sealed class DatasetTests
{
    [DataFact(Fixtures.FashionMnist)]
    public void FashionMnistHeadersAndLabels()
    {
        TestEnvironment.Require(Fixtures.FashionMnist);
        var test = IdxDataset.FromFolder(Fixtures.FashionMnist, "t10k");
        Assert.Equal([10000L, 28, 28], test.Images.Dims.ToArray());
        Assert.True(test.Images.Compressed);
        Assert.Equal(60000, IdxDataset.FromFolder(Fixtures.FashionMnist, "train").Count);

        // The test set is balanced: 1000 images of each of the 10 classes.
        Assert.All(test.ReadLabels().GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
        var first = test.Batches(64, limit: 64).Single();
        Assert.Equal([64L, 1, 28, 28], first.Inputs[0].Dims.ToArray());
        Assert.All(first.Inputs[0].ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(test.ReadLabels()[..64], first.Labels);
    }

    [DataFact(TestEnvironment.NodeTestData + "/node/test_add")]
    public void OnnxTestDataSetFoldersReadWithOnnxTensors()
    {
        var folder = Path.Combine(TestEnvironment.NodeTestData, "node/test_add");
        TestEnvironment.Require(folder);
        var data = Datasets.Open(folder, OnnxTensors.ReadFile);
        var sample = Assert.Single(data.ReadSamples());
        Assert.Equal(2, sample.Inputs.Count);
        Assert.All(sample.Inputs, t => Assert.Equal([3L, 4, 5], t.Dims.ToArray()));
        Assert.Equal(ElementType.F32, sample.Inputs[0].ElementType);
    }
}
