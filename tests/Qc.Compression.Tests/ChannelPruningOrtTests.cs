using System.Globalization;
using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using Xunit.Abstractions;

namespace Qc.Compression.Tests;

/// <summary>The channel-pruned Fashion-MNIST CNN, exported to ONNX, runs on ONNX Runtime.</summary>
public sealed class ChannelPruningOrtTests(ITestOutputHelper output)
{
    [OrtFact(ChannelPruningTests.FashionCnn, IdxDataset.FashionMnistFolder)]
    public void PrunedModel_RunsOnOrtWithFiniteOutputsOfTheRightShape()
    {
        TestEnvironment.RequireOrt(ChannelPruningTests.FashionCnn, IdxDataset.FashionMnistFolder);
        var module = ChannelPruningTests.ImportFashionCnn();
        var bag = new DiagnosticBag();
        long removed = 0;
        foreach (var (weight, fraction) in new[] { ("features.0.0.weight", 0.25), ("features.2.0.weight", 0.25), ("features.4.0.weight", 0.25), ("fc1.weight", 0.25) })
        {
            var op = module.Main.Ops.Single(o => o.Input(1)?.Producer is ConstantOp c && c.Constant.Name == weight);
            var result = ChannelPruning.Run(module, op, fraction, ChannelNorm.L1, bag)!;
            result.Applied.ShouldBeTrue(result.SkipReason);
            removed += result.ParametersRemoved;
        }

        bag.HasErrors.ShouldBeFalse(DiagnosticFormatter.Format(bag));
        var export = OnnxExporter.Export(module);
        export.Success.ShouldBeTrue(DiagnosticFormatter.Format(export.Diagnostics));

        var batch = IdxDataset.FromFolder(IdxDataset.FashionMnistFolder, "t10k").Batches(256, 256).Single();
        using var pruned = OrtSession.Open(export.ToBytes(), new OrtSessionOptions(IntraOpThreads: 2));
        using var original = OrtSession.Open(TestEnvironment.Resolve(ChannelPruningTests.FashionCnn), new OrtSessionOptions(IntraOpThreads: 2));
        var inputs = new Dictionary<string, TensorData> { ["input"] = batch.Inputs[0] };
        var logits = pruned.Run(inputs)["logits"];
        var reference = original.Run(inputs)["logits"];
        logits.Dims.ShouldBe([256L, 10L]);
        var values = logits.AsSpan<float>().ToArray();
        values.ShouldAllBe(v => float.IsFinite(v));

        var refValues = reference.AsSpan<float>().ToArray();
        int agree = 0, correct = 0, correctRef = 0;
        for (var i = 0; i < 256; i++)
        {
            var a = ArgMax(values.AsSpan(i * 10, 10));
            var b = ArgMax(refValues.AsSpan(i * 10, 10));
            agree += a == b ? 1 : 0;
            correct += a == batch.Labels![i] ? 1 : 0;
            correctRef += b == batch.Labels![i] ? 1 : 0;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"25% of the channels of every prunable layer removed, no fine-tuning: {removed} of 61210 parameters gone; on 256 test images top-1 {correct / 2.56:F1}% (FP32 {correctRef / 2.56:F1}%), top-1 agreement {agree / 2.56:F1}%"));
    }

    [OrtTheory(ChannelPruningTests.FashionCnn, IdxDataset.FashionMnistFolder)]
    [InlineData("features.0.0.weight", "features.2.0.weight", 1)]
    [InlineData("features.4.0.weight", "fc1.weight", 9)]
    [InlineData("fc1.weight", "fc2.weight", 1)]
    public void PrunedModel_EqualsTheOriginalWithTheConsumersInputsZeroed(string producer, string consumer, int block)
    {
        TestEnvironment.RequireOrt(ChannelPruningTests.FashionCnn, IdxDataset.FashionMnistFolder);
        var module = ChannelPruningTests.ImportFashionCnn();
        var bag = new DiagnosticBag();
        var result = ChannelPruning.Run(module, Find(module, producer), 0.5, ChannelNorm.L2, bag)!;
        result.Applied.ShouldBeTrue(result.SkipReason);

        // Reference: the unpruned model whose consumer ignores the removed channels (their weights set to 0).
        var reference = ChannelPruningTests.ImportFashionCnn();
        var layer = TestGraphs.Layer(Find(reference, consumer));
        var matrix = layer.ToMatrix();
        for (var r = 0; r < layer.Rows; r++)
        {
            foreach (var c in result.Removed)
            {
                for (var j = 0; j < block * layer.KernelSize; j++)
                {
                    matrix[(r * layer.Cols) + (c * block * layer.KernelSize) + j] = 0;
                }
            }
        }

        layer.ReplaceWeight(reference, layer.FromMatrix(matrix));
        var batch = IdxDataset.FromFolder(IdxDataset.FashionMnistFolder, "t10k").Batches(64, 64).Single();
        var inputs = new Dictionary<string, TensorData> { ["input"] = batch.Inputs[0] };
        using var a = OrtSession.Open(OnnxExporter.Export(module).ToBytes(), new OrtSessionOptions(IntraOpThreads: 2));
        using var b = OrtSession.Open(OnnxExporter.Export(reference).ToBytes(), new OrtSessionOptions(IntraOpThreads: 2));
        var x = a.Run(inputs)["logits"].AsSpan<float>().ToArray();
        var y = b.Run(inputs)["logits"].AsSpan<float>().ToArray();
        x.Length.ShouldBe(640);
        var maxDiff = x.Zip(y, (p, q) => Math.Abs(p - q)).Max();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{producer}: {result.Removed.Length} channels removed, max |Δlogit| vs zeroed reference {maxDiff:G3}"));
        maxDiff.ShouldBeLessThan(1e-4f);
    }

    private static Op Find(GraphModule module, string weight) =>
        module.Main.Ops.Single(o => o.Input(1)?.Producer is ConstantOp c && c.Constant.Name == weight);

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        var best = 0;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }

        return best;
    }
}
