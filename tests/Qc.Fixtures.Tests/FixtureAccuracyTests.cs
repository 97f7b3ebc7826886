using System.Diagnostics;
using System.Globalization;
using Qc.Core.Data;
using Qc.Core.Tensors;
using Qc.OnnxRuntime;
using Xunit.Abstractions;

namespace Qc.Fixtures.Tests;

/// <summary>Runs each fixture on ONNX Runtime over the full Fashion-MNIST test set and checks top-1 against metrics.json
/// (PyTorch's figure): the two engines must agree within 0.2 points.</summary>
public sealed class FixtureAccuracyTests(ITestOutputHelper output)
{
    private const int BatchSize = 500;
    private const double TolerancePoints = 0.2;

    [OrtTheory(Fixtures.Metrics, Fixtures.FashionMnist)]
    [MemberData(nameof(Fixtures.Models), MemberType = typeof(Fixtures))]
    public void TopOneOnOrtMatchesTheMeasuredFp32Accuracy(string key)
    {
        TestEnvironment.RequireOrt(Fixtures.Metrics, Fixtures.FashionMnist);
        var model = Fixtures.Model(key);
        var data = IdxDataset.FromFolder(Fixtures.FashionMnist, "t10k");
        Assert.Equal(model.TestSamples, data.Count);

        var watch = Stopwatch.StartNew();
        using var session = OrtSession.Open(model.Path, new OrtSessionOptions(IntraOpThreads: 2));
        Assert.Equal(model.Input, Assert.Single(session.Inputs).Name);
        long correct = 0, seen = 0;
        foreach (var batch in data.Batches(BatchSize))
        {
            var logits = session.Run(new Dictionary<string, TensorData> { [model.Input] = batch.Inputs[0] })[model.Output];
            Assert.Equal([batch.Count, 10L], logits.Dims.ToArray());
            var values = logits.AsSpan<float>();
            for (var i = 0; i < batch.Count; i++)
            {
                correct += ArgMax(values.Slice(i * 10, 10)) == batch.Labels![i] ? 1 : 0;
            }

            seen += batch.Count;
        }

        var top1 = 100.0 * correct / seen;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{key}: ORT top-1 {top1:F2}% ({correct}/{seen}), PyTorch {model.Top1:F2}%, {watch.Elapsed.TotalSeconds:F1} s"));
        Assert.Equal(model.TestSamples, seen);
        Assert.InRange(top1, model.Top1 - TolerancePoints, model.Top1 + TolerancePoints);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
