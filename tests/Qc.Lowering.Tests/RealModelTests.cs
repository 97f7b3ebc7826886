using System.Diagnostics;
using System.Globalization;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Onnx;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using Xunit.Abstractions;

namespace Qc.Lowering.Tests;

/// <summary>Real models lowered and interpreted against ONNX Runtime on seeded random inputs (SQNR ≥ 60 dB), with
/// their arena size next to the sum of their temp sizes.</summary>
public sealed class RealModelTests(ITestOutputHelper output)
{
    private const string FashionCnn = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";
    private const string FashionVit = "tests/fixtures/fashion-mnist/fashion_vit.onnx";

    [OrtTheory(FashionCnn)]
    [InlineData(1)]
    [InlineData(16)]
    public void FashionCnnMatchesOnnxRuntime(int width) => MatchesOrt(FashionCnn, null, width);

    [OrtTheory(FashionVit)]
    [InlineData(4)]
    [InlineData(16)]
    public void FashionVitMatchesOnnxRuntime(int width) => MatchesOrt(FashionVit, null, width);

    [OrtFact(TestEnvironment.ClsModel)]
    public void PaddleOcrClsMatchesOnnxRuntime()
    {
        var result = MatchesOrt(TestEnvironment.ClsModel, [1, 3, 48, 192], 16);
        result.Statistics.FoldedBatchNorms.ShouldBeGreaterThan(30, "the cls model's Conv+BN pairs fold");
        result.Statistics.FusedOps.ShouldBeGreaterThan(30, "activations fuse into conv epilogues");
    }

    [OrtFact(TestEnvironment.DetModel)]
    public void PaddleOcrDetAtASmallSizeMatchesOnnxRuntime()
    {
        // On random images the probability map is ~1e-12 everywhere (ORT rounds it to 0), so the logits before the
        // final Sigmoid are compared too: they carry the signal.
        var result = MatchesOrt(TestEnvironment.DetModel, [1, 3, 128, 160], 16, withLogits: true);
        result.Module!.Kernels.Count.ShouldBeGreaterThan(100);
    }

    [DataFact(TestEnvironment.DetModel)]
    public void PaddleOcrDetLowersAndVerifies()
    {
        TestEnvironment.Require(TestEnvironment.DetModel);
        var module = Import(TestEnvironment.DetModel, [1, 3, 640, 640]);
        var watch = Stopwatch.StartNew();
        var result = GraphLowering.Lower(module, new LoweringOptions(VectorWidth: 16));
        result.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        result.Module!.Verify().ShouldBeEmpty();
        Report("det 1x3x640x640", result, watch.Elapsed);
        result.MemoryPlan!.ArenaBytes.ShouldBeLessThan(result.MemoryPlan.TotalTempBytes);
    }

    private LoweringResult MatchesOrt(string path, long[]? shape, int width, bool withLogits = false)
    {
        TestEnvironment.RequireOrt(path);
        var module = Import(path, shape);
        if (withLogits)
        {
            module.Main.SetOutputs([.. module.Main.Outputs, module.Main.Outputs[0].Producer!.Inputs[0]!]);
        }

        var watch = Stopwatch.StartNew();
        var result = GraphLowering.Lower(module, new LoweringOptions(VectorWidth: width));
        result.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        var lowerTime = watch.Elapsed;
        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        var random = new Random(5);
        foreach (var p in module.Main.Parameters)
        {
            var t = (TensorType)p.Type;
            var dims = t.StaticDims!;
            var values = new float[TensorData.ElementCountOf(dims)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextSingle();
            }

            inputs[p.Name] = TensorData.Create<float>(dims, values);
        }

        watch.Restart();
        var run = KernelInterpreter.Run(result.Module!, inputs);
        run.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        var interpretTime = watch.Elapsed;
        using var session = withLogits ? OrtSession.Open(OnnxExporter.Export(module).ToBytes()) : OrtSession.Open(TestEnvironment.Resolve(path));
        var expected = session.Run(inputs);
        foreach (var o in module.Main.Outputs)
        {
            var sqnr = Compare.Sqnr(run.Outputs[o.Name], expected[o.Name]);
            var maxAbs = Compare.MaxAbsDiff(run.Outputs[o.Name], expected[o.Name]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)} w{width}: output '{o.Name}' SQNR {sqnr:F1} dB, max |diff| {maxAbs:G3}"));
            if (withLogits && o == module.Main.Outputs[0])
            {
                maxAbs.ShouldBeLessThan(1e-6);
            }
            else
            {
                sqnr.ShouldBeGreaterThanOrEqualTo(60);
            }
        }

        Report($"{Path.GetFileName(path)} w{width}", result, lowerTime);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  interpreted in {interpretTime.TotalSeconds:F1} s"));
        return result;
    }

    private void Report(string what, LoweringResult result, TimeSpan lowerTime)
    {
        var plan = result.MemoryPlan!;
        var s = result.Statistics;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {result.Module!.Kernels.Count} kernels, arena {plan.ArenaBytes:N0} B vs {plan.TotalTempBytes:N0} B of temps ({plan.Slots.Length} temps), "
            + $"lowered in {lowerTime.TotalSeconds:F2} s; folded {s.FoldedOps}, BN folded {s.FoldedBatchNorms}, fused {s.FusedOps}, removed {s.RemovedOps}, aliases {s.Aliases}"));
    }

    private static GraphModule Import(string path, long[]? shape)
    {
        var full = TestEnvironment.Resolve(path);
        var first = OnnxImporter.Import(full);
        var module = first.Module.ShouldNotBeNull();
        var pins = new Dictionary<string, Dim[]>(StringComparer.Ordinal);
        foreach (var p in module.Main.Parameters)
        {
            var t = (TensorType)p.Type;
            pins[p.Name] = shape is not null ? [.. shape.Select(Dim.Of)] : [.. t.Dims!.Value.Select(d => d.IsStatic ? d : Dim.Of(1))];
        }

        var pinned = OnnxImporter.Import(full, new ImportOptions { InputShapes = pins });
        pinned.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        return pinned.Module.ShouldNotBeNull();
    }
}
