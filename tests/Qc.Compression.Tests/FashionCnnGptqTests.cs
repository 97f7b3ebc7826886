using System.Globalization;
using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;
using Qc.Ir.Graph;
using Qc.Onnx;
using Qc.OnnxRuntime;
using Xunit.Abstractions;

namespace Qc.Compression.Tests;

/// <summary>GPTQ against round-to-nearest on real layer inputs of the Fashion-MNIST CNN, captured with ONNX Runtime.</summary>
public sealed class FashionCnnGptqTests(ITestOutputHelper output)
{
    private const string Data = IdxDataset.FashionMnistFolder;

    /// <summary>(weight constant, captured input of its layer).</summary>
    private static readonly (string Weight, string Input)[] s_layers =
    [
        ("features.2.0.weight", "/features/features.1/MaxPool_output_0"),
        ("features.4.0.weight", "/features/features.3/MaxPool_output_0"),
        ("fc1.weight", "/Flatten_output_0"),
    ];

    [OrtFact(ChannelPruningTests.FashionCnn, Data)]
    public void GptqBeatsRoundToNearest_OnCapturedLayerInputs()
    {
        TestEnvironment.RequireOrt(ChannelPruningTests.FashionCnn, Data);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var module = ChannelPruningTests.ImportFashionCnn();
        var images = IdxDataset.FromFolder(Data, "t10k").Batches(64, 128).ToList();
        var model = File.ReadAllBytes(TestEnvironment.Resolve(ChannelPruningTests.FashionCnn));
        var edited = OnnxModelEditor.AddOutputs(model, s_layers.Select(l => l.Input));
        using var session = OrtSession.Open(edited, new OrtSessionOptions(IntraOpThreads: 2));
        var calibration = session.Run(new Dictionary<string, TensorData> { ["input"] = images[0].Inputs[0] });
        var heldOut = session.Run(new Dictionary<string, TensorData> { ["input"] = images[1].Inputs[0] });

        var captured = watch.Elapsed.TotalSeconds;
        var accumulating = 0.0;
        var quantizing = 0.0;
        foreach (var (weight, input) in s_layers)
        {
            var t0 = watch.Elapsed.TotalSeconds;
            var op = module.Main.Ops.Single(o => o.Input(1)?.Producer is ConstantOp c && c.Constant.Name == weight);
            var layer = TestGraphs.Layer(op);
            var calib = HessianAccumulator.For(layer);
            calib.Add(calibration[input]);
            var test = HessianAccumulator.For(layer);
            test.Add(heldOut[input]);
            accumulating += watch.Elapsed.TotalSeconds - t0;
            var w = layer.ToMatrix();
            var (hCalib, hTest) = (Hessians(layer, calib), Hessians(layer, test));
            var (dCalib, dTest) = (Error(new float[w.Length], w, layer, hCalib, calib.Count), Error(new float[w.Length], w, layer, hTest, test.Count));
            foreach (var text in new[] { "int4(axis=0)", "int3(axis=0)", "int4(group=32)", "int3(group=32)" })
            {
                var format = NumberFormat.Parse(text);
                var bag = new DiagnosticBag();
                var t1 = watch.Elapsed.TotalSeconds;
                var gptq = Gptq.Quantize(layer, calib, format, bag)!;
                quantizing += watch.Elapsed.TotalSeconds - t1;
                var rtn = LayerQuantizer.RoundToNearest(layer, format, bag)!;
                bag.Count.ShouldBe(0, DiagnosticFormatter.Format(bag));
                var (eRtn, eGptq) = (Error(w, rtn.Matrix, layer, hCalib, calib.Count) / dCalib, Error(w, gptq.Matrix, layer, hCalib, calib.Count) / dCalib);
                var (tRtn, tGptq) = (Error(w, rtn.Matrix, layer, hTest, test.Count) / dTest, Error(w, gptq.Matrix, layer, hTest, test.Count) / dTest);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{weight,-20} {text,-15} ‖WX−ŴX‖²/‖WX‖² calibration RTN {eRtn:0.000E+0} GPTQ {eGptq:0.000E+0} ({eGptq / eRtn:P0}); held-out RTN {tRtn:0.000E+0} GPTQ {tGptq:0.000E+0} ({tGptq / tRtn:P0})"));
                eGptq.ShouldBeLessThan(eRtn);
                tGptq.ShouldBeLessThan(tRtn);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:F1} s in all: ORT capture of 2×64 images {captured:F1} s, Hessians {accumulating:F2} s, GPTQ (12 runs) {quantizing:F2} s"));
    }

    private static double[][] Hessians(WeightLayer layer, HessianAccumulator acc) =>
        [.. Enumerable.Range(0, layer.Groups).Select(acc.Hessian)];

    /// <summary>Layer-output error ‖ΔW X‖² over the accumulated vectors, from their Hessians.</summary>
    private static double Error(float[] w, float[] wq, WeightLayer layer, double[][] hessians, long count)
    {
        double sum = 0;
        var size = layer.RowsPerGroup * layer.Cols;
        for (var g = 0; g < layer.Groups; g++)
        {
            sum += TestGraphs.OutputError(w.AsSpan(g * size, size).ToArray(), wq.AsSpan(g * size, size).ToArray(), layer.RowsPerGroup, layer.Cols, hessians[g], count);
        }

        return sum;
    }
}
