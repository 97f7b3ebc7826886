using Qc.Core.Tensors;
using Qc.OnnxRuntime;
using Xunit.Abstractions;
using static Qc.Driver.Tests.Emit.EmitTestSupport;

namespace Qc.Driver.Tests.Emit;

/// <summary>Float recipes (only qc, model, inputs, target, output) of the Fashion-MNIST fixtures and the PaddleOCR models
/// compile to packages that qc's runtime runs on x86-64 within 60 dB SQNR of ONNX Runtime on real test inputs.</summary>
public sealed class FloatPackageTests(ITestOutputHelper output)
{
    [EmitFact(FashionCnn, FashionTest)]
    public void FashionCnn_MatchesOnnxRuntimeOnTestImages() => MatchesOrt(FashionCnn, "input", [1, 1, 28, 28], Samples(FashionTest, 64), sameTop1: true);

    [EmitFact(FashionVit, FashionTest)]
    public void FashionVit_MatchesOnnxRuntimeOnTestImages() => MatchesOrt(FashionVit, "input", [1, 1, 28, 28], Samples(FashionTest, 64), sameTop1: true);

    [EmitFact(TestEnvironment.ClsModel, ClsLines)]
    public void PaddleOcrCls_MatchesOnnxRuntimeOnTextLines() =>
        MatchesOrt(TestEnvironment.ClsModel, "x", [1, 3, 48, 192], Samples(ClsLines, 16, labels: "labels"), sameTop1: true);

    [EmitFact(TestEnvironment.DetModel, DetImages)]
    public void PaddleOcrDet_MatchesOnnxRuntimeOnImages() =>
        MatchesOrt(TestEnvironment.DetModel, "x", [1, 3, 640, 640], Samples(DetImages, 3), sameTop1: false);

    private void MatchesOrt(string model, string input, long[] shape, List<TensorData> samples, bool sameTop1)
    {
        TestEnvironment.RequireOrt(model);
        using var dir = new EmitTempDir();
        var outcome = EmitPackage(FloatRecipe(dir.Path, model, input, shape));
        outcome.Compression.ShouldBeNull("a float recipe compiles the model as is");
        using var qc = Load(outcome.PackagePath!, dir.Path);
        using var ort = OrtSession.Open(TestEnvironment.Resolve(model));
        var sqnr = new Sqnr();
        var agree = 0;
        foreach (var x in samples)
        {
            var got = Run(qc, x);
            var expected = RunOrt(ort, qc, x);
            for (var i = 0; i < got.Count; i++)
            {
                sqnr.Add(got[i], expected[i]);
            }

            agree += ArgMax(got[0]) == ArgMax(expected[0]) ? 1 : 0;
        }

        output.WriteLine($"{Path.GetFileName(model)}: {samples.Count} real inputs, {sqnr}; {outcome.Build!.Targets[0].Kernels} kernels, arena {outcome.Build!.ArenaBytes} B, package {outcome.PackageBytes} B");
        sqnr.Db.ShouldBeGreaterThanOrEqualTo(60, sqnr.ToString());
        if (sameTop1)
        {
            agree.ShouldBe(samples.Count, "qc and ONNX Runtime pick the same class on every input");
        }
    }
}
