using System.Globalization;
using Qc.Core.Data;
using Qc.Core.Tensors;
using Qc.Formats;
using Qc.Ir.Graph;
using Qc.Onnx;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using Qc.Passes.Quantization;
using Xunit.Abstractions;

namespace Qc.Passes.Tests;

/// <summary>The Fashion-MNIST CNN fixture quantized by plan, exported as QDQ ONNX and evaluated on ONNX Runtime over 1,000 test images.</summary>
public sealed class FashionCnnQuantizationTests(ITestOutputHelper output)
{
    private const string Model = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";
    private const string Data = IdxDataset.FashionMnistFolder;
    private const int EvalImages = 1000;
    private const int CalibrationImages = 256;

    [OrtFact(Model, Data)]
    public void Int8PerChannelWeightsAndUint8Activations_LoseAtMostOnePoint()
    {
        TestEnvironment.RequireOrt(Model, Data);
        var (fp32, qdq, result) = Compile(layer => new LayerQuantization(NumberFormat.Parse("int8(axis=0)"), Activation(layer)));
        Assert.All(result.Layers, r => Assert.Equal((WeightRealization.Dequantize, "i8"), (r.Realization, r.StorageType)));
        Assert.All(result.Layers, r => Assert.NotNull(r.Activation));
        Assert.True(fp32 - qdq <= 1.0, $"top-1 dropped from {fp32:F1}% to {qdq:F1}%");
    }

    [OrtFact(Model, Data)]
    public void Int4GroupWeights_RunOnOrt()
    {
        TestEnvironment.RequireOrt(Model, Data);
        var (fp32, qdq, result) = Compile(_ => new LayerQuantization(NumberFormat.Parse("int4(group=16)")));
        Assert.All(result.Layers, r => Assert.Equal((WeightRealization.Dequantize, "i4"), (r.Realization, r.StorageType)));
        Assert.True(fp32 - qdq <= 5.0, $"top-1 dropped from {fp32:F1}% to {qdq:F1}%");
    }

    [OrtFact(Model, Data)]
    public void Nf4Weights_FallBackToFakeQuantAndRun()
    {
        TestEnvironment.RequireOrt(Model, Data);
        var (fp32, qdq, result) = Compile(_ => new LayerQuantization(NumberFormat.Parse("nf4(group=64)")));
        Assert.All(result.Layers, r => Assert.Equal((WeightRealization.FakeQuant, "f32"), (r.Realization, r.StorageType)));
        Assert.True(fp32 - qdq <= 5.0, $"top-1 dropped from {fp32:F1}% to {qdq:F1}%");
    }

    private Dictionary<string, (float Min, float Max)> _ranges = [];

    private ActivationQuantization Activation(string input) =>
        new((IntegerFormat)NumberFormat.Parse("uint8(per_tensor)"), _ranges[input].Min, _ranges[input].Max);

    /// <summary>Imports the fixture, calibrates layer inputs when asked, applies the plan, exports, re-imports and evaluates.</summary>
    /// <param name="decide">The decision per layer, given the layer's data input name.</param>
    private (double Fp32, double Qdq, QuantizationResult Result) Compile(Func<string, LayerQuantization> decide)
    {
        var path = TestEnvironment.Resolve(Model);
        var imported = OnnxImporter.Import(path);
        Assert.True(imported.Success, string.Join("\n", imported.Diagnostics));
        var module = imported.Module!;
        var layers = module.Main.Ops.Where(o => o.Schema.OpType is "Conv" or "Gemm" && o.Input(1)?.Producer is ConstantOp).ToList();
        var inputs = layers.Select(l => l.Input(0)!.Name).Distinct().ToList();
        _ranges = Calibrate(File.ReadAllBytes(path), module.Main.Parameters[0].Name, inputs);

        var plan = layers.ToDictionary(l => l.Name ?? l.Result.Name, l => decide(l.Input(0)!.Name), StringComparer.Ordinal);
        var result = QuantizeLayersPass.Run(module, plan);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var exported = OnnxExporter.Export(module);
        Assert.True(exported.Success, string.Join("\n", exported.Diagnostics));
        var bytes = exported.ToBytes();

        // The QDQ file re-imports into qc and prints the same IR.
        var back = OnnxImporter.Import(bytes, "qdq.onnx", null);
        Assert.True(back.Success, string.Join("\n", back.Diagnostics));
        back.Module!.Metadata = module.Metadata;
        Assert.Equal(GraphPrinter.Print(module), GraphPrinter.Print(back.Module));

        var fp32 = TopOne(File.ReadAllBytes(path));
        var qdq = TopOne(bytes);
        var stored = result.Layers.Sum(r => r.StoredBytes);
        var float32 = result.Layers.Sum(r => r.Float32Bytes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Layers.Length} layers, weights {float32} → {stored} bytes ({100.0 * stored / float32:F1}%), file {new FileInfo(path).Length} → {bytes.Length} bytes; top-1 on {EvalImages} test images: FP32 {fp32:F1}%, quantized {qdq:F1}% (drop {fp32 - qdq:F1} points)"));
        foreach (var r in result.Layers)
        {
            output.WriteLine($"  {r.Layer,-12} {r.OpType,-5} {r.Format,-28} {r.Realization,-10} {r.StorageType,-4} {r.StoredBytes,6}/{r.Float32Bytes,6} B"
                + (r.Activation is { } a ? string.Create(CultureInfo.InvariantCulture, $"  act {a.Format} scale {a.Scale:G6} zero {a.ZeroPoint}") : string.Empty));
        }

        return (fp32, qdq, result);
    }

    /// <summary>Min/max of each named value over the calibration images (train split), captured through extra graph outputs.</summary>
    private static Dictionary<string, (float Min, float Max)> Calibrate(byte[] model, string graphInput, List<string> names)
    {
        var captured = names.Where(n => n != graphInput).ToList();
        using var session = OrtSession.Open(OnnxModelEditor.AddOutputs(model, captured));
        var ranges = names.ToDictionary(n => n, _ => (Min: float.MaxValue, Max: float.MinValue), StringComparer.Ordinal);
        foreach (var batch in IdxDataset.FromFolder(Data, "train").Batches(128, CalibrationImages))
        {
            var outputs = session.Run(new Dictionary<string, TensorData> { [graphInput] = batch.Inputs[0] }, captured);
            foreach (var name in names)
            {
                var values = name == graphInput ? batch.Inputs[0].AsSpan<float>() : outputs[name].AsSpan<float>();
                var (lo, hi) = ranges[name];
                foreach (var v in values)
                {
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }

                ranges[name] = (lo, hi);
            }
        }

        return ranges;
    }

    private static double TopOne(byte[] model)
    {
        using var session = OrtSession.Open(model);
        var input = session.Inputs[0].Name;
        var outputName = session.Outputs[0].Name;
        long correct = 0, seen = 0;
        foreach (var batch in IdxDataset.FromFolder(Data, "t10k").Batches(250, EvalImages))
        {
            var logits = session.Run(new Dictionary<string, TensorData> { [input] = batch.Inputs[0] })[outputName].AsSpan<float>();
            for (var i = 0; i < batch.Count; i++)
            {
                var row = logits.Slice(i * 10, 10);
                var best = 0;
                for (var k = 1; k < 10; k++)
                {
                    best = row[k] > row[best] ? k : best;
                }

                correct += best == batch.Labels![i] ? 1 : 0;
            }

            seen += batch.Count;
        }

        return 100.0 * correct / seen;
    }
}
