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

public sealed class DetGptqDiagTests(ITestOutputHelper output)
{
    [Fact]
    public void Diag()
    {
        var images = int.Parse(Environment.GetEnvironmentVariable("DIAG_IMAGES") ?? "2", CultureInfo.InvariantCulture);
        var fmt = Environment.GetEnvironmentVariable("DIAG_FORMAT") ?? "int8(axis=0)";
        var path = TestEnvironment.Resolve(".cache/models/ch_PP-OCRv4_det_infer.onnx");
        var module = OnnxImporter.Import(path).Module!;
        var layers = new List<(WeightLayer L, string Input, HessianAccumulator H)>();
        foreach (var op in module.Main.Ops.Where(o => o.Schema.OpType == "Conv"))
        {
            if (WeightLayer.TryCreate(op, new DiagnosticBag(), out var l))
            {
                layers.Add((l!, op.Input(0)!.Name!, HessianAccumulator.For(l!)));
            }
        }

        var model = File.ReadAllBytes(path);
        var edited = OnnxModelEditor.AddOutputs(model, layers.Select(l => l.Input).Distinct().Where(n => n != "x"));
        using var session = OrtSession.Open(edited, new OrtSessionOptions(IntraOpThreads: 2));
        var data = Datasets.Open(TestEnvironment.Resolve(".cache/ocr-calibration/det_images.npz"), OnnxTensors.ReadFile);
        var test = layers.Select(l => HessianAccumulator.For(l.L)).ToArray();
        foreach (var b in data.Batches(1, 2 * images))
        {
            var feed = new Dictionary<string, TensorData> { ["x"] = b.Inputs[0] };
            var got = session.Run(feed);
            for (var i = 0; i < layers.Count; i++)
            {
                var (l, input, h) = layers[i];
                (b.Start < images ? h : test[i]).Add(input == "x" ? b.Inputs[0] : got[input]);
            }
        }

        var format = NumberFormat.Parse(fmt);
        double totR = 0, totG = 0;
        double totTR = 0, totTG = 0;
        for (var li = 0; li < layers.Count; li++)
        {
            var (l, input, h) = layers[li];
            var bag = new DiagnosticBag();
            var w = l.ToMatrix();
                        var rtn = LayerQuantizer.RoundToNearest(l, format, bag)!;
            var gptq = Gptq.Quantize(l, h, format, bag)!;
            double E(float[] q) => Ex(q, h);
            double Ex(float[] q, HessianAccumulator h)
            {
                double s = 0;
                var size = l.RowsPerGroup * l.Cols;
                var hs = Enumerable.Range(0, l.Groups).Select(h.Hessian).ToArray();
                for (var g = 0; g < l.Groups; g++)
                {
                    s += TestGraphs.OutputError(w.AsSpan(g * size, size).ToArray(), q.AsSpan(g * size, size).ToArray(), l.RowsPerGroup, l.Cols, hs[g], h.Count);
                }

                return s;
            }

            var m2 = h.FeatureSecondMoments();
            var dead = m2.Count(v => v == 0);
            var d = E(new float[w.Length]);
            var (er, eg) = (E(rtn.Matrix) / d, E(gptq.Matrix) / d);
            totR += er; totG += eg;
            var dt = Ex(new float[w.Length], test[li]);
            var (tr, tg) = (Ex(rtn.Matrix, test[li]) / dt, Ex(gptq.Matrix, test[li]) / dt);
            totTR += tr; totTG += tg;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{l.Name,-14} {l.Rows,4}x{l.Cols,-5} g{l.Groups,-4} n={h.Count,-9} dead {dead,3} RTN {er:0.000E+0} GPTQ {eg:0.000E+0} ratio {eg / er:0.00} | held-out RTN {tr:0.000E+0} GPTQ {tg:0.000E+0} ratio {tg / tr:0.00} {(tg > tr ? "WORSE" : "")}"));
        }

        output.WriteLine($"sum rel RTN {totR:G4} GPTQ {totG:G4} held-out RTN {totTR:G4} GPTQ {totTG:G4}");
    }
}
