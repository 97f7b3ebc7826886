using System.Text.Json;
using Qc.Core.Data;

namespace Qc.Fixtures.Tests;

/// <summary>Where the fixture models, their metrics and the labelled data live.</summary>
internal static class Fixtures
{
    /// <summary>The committed models and metrics.json, relative to the repository root.</summary>
    public const string Folder = "tests/fixtures/fashion-mnist";

    /// <summary>metrics.json, relative to the repository root.</summary>
    public const string Metrics = Folder + "/metrics.json";

    /// <summary>Fashion-MNIST from Debian's dataset-fashion-mnist.</summary>
    public const string FashionMnist = IdxDataset.FashionMnistFolder;

    /// <summary>The fixture model keys in metrics.json.</summary>
    public static TheoryData<string> Models => ["cnn", "vit"];

    /// <summary>One model's entry of metrics.json.</summary>
    public static ModelMetrics Model(string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Resolve(Metrics)));
        var m = doc.RootElement.GetProperty("models").GetProperty(key);
        return new ModelMetrics(
            TestEnvironment.Resolve(Path.Combine(Folder, m.GetProperty("file").GetString()!)),
            m.GetProperty("input").GetString()!,
            m.GetProperty("output").GetString()!,
            m.GetProperty("test_top1").GetDouble(),
            m.GetProperty("test_samples").GetInt32(),
            m.GetProperty("opset").GetInt32());
    }
}

/// <summary>What metrics.json says about a model.</summary>
/// <param name="Path">The .onnx file.</param>
/// <param name="Input">The input name.</param>
/// <param name="Output">The logits output name.</param>
/// <param name="Top1">FP32 top-1 on the 10k test set in percent, as measured by PyTorch in tools/train_fashion.py.</param>
/// <param name="TestSamples">The number of test images it was measured on.</param>
/// <param name="Opset">The ONNX opset exported.</param>
internal sealed record ModelMetrics(string Path, string Input, string Output, double Top1, int TestSamples, int Opset);
