using Qc.Core.Tensors;
using Qc.Driver.Compile;
using Qc.OnnxRuntime;
using Qc.Package;
using Xunit.Abstractions;
using static Qc.Driver.Tests.Emit.EmitTestSupport;

namespace Qc.Driver.Tests.Emit;

/// <summary>The shipped Fashion-MNIST CNN recipe (mixed int8/int4/int2 weights, uint8 activations, allocation, gate)
/// compiles to a package that computes what its QDQ ONNX model computes on ONNX Runtime, with the compile pipeline's
/// plan.json and provenance inside.</summary>
public sealed class CompressedPackageTests(ITestOutputHelper output)
{
    private const string Recipe = "examples/fashion-cnn/recipe.yaml";
    private const string Train = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    private const int Images = 1000;

    [EmitFact(Recipe, FashionCnn, FashionTest, Train)]
    public void FashionCnnExample_PackageMatchesQdqModel()
    {
        TestEnvironment.RequireOrt(Recipe, FashionCnn, FashionTest, Train);
        using var dir = new EmitTempDir();
        var recipe = TestEnvironment.Resolve(Recipe);
        var cache = dir.File("cache");
        var emitted = EmitPackage(new CompileRequest(recipe) { Emit = CompileEmit.Package, OutputDirectory = dir.File("cnn.qcpkg"), CacheDirectory = cache });
        var compression = emitted.Compression.ShouldNotBeNull();
        compression.Layers.Length.ShouldBe(5);
        compression.GatePassed.ShouldBeTrue();

        var onnx = CompilePhase.Run(new CompileRequest(recipe) { Emit = CompileEmit.Onnx, OutputDirectory = dir.File("onnx"), CacheDirectory = cache });
        onnx.Success.ShouldBeTrue(string.Join("\n", onnx.Diagnostics));
        using (var package = QcPackage.Open(emitted.PackagePath!))
        {
            package.ReadSection(SectionNames.Plan).ShouldBe(File.ReadAllBytes(onnx.PlanPath!), "the package holds the compile pipeline's plan.json");
            package.Provenance!.CalibrationSha256.ShouldNotBeNull();
        }

        using var qc = Load(emitted.PackagePath!, dir.Path);
        using var plain = OrtSession.Open(onnx.ModelPath!, new OrtSessionOptions(Level: OrtOptimizationLevel.Disabled));
        using var optimized = OrtSession.Open(onnx.ModelPath!);
        using var fp32 = OrtSession.Open(TestEnvironment.Resolve(FashionCnn));
        var vsPlain = new Sqnr();
        var vsOptimized = new Sqnr();
        int qcTop1 = 0, qdqTop1 = 0, fp32Top1 = 0, agree = 0;
        foreach (var sample in Labelled(FashionTest, Images))
        {
            var x = sample.Inputs[0];
            var got = Run(qc, x)[0];
            var reference = RunOrt(plain, qc, x)[0];
            vsPlain.Add(got, reference);
            vsOptimized.Add(got, RunOrt(optimized, qc, x)[0]);
            qcTop1 += ArgMax(got) == sample.Label ? 1 : 0;
            qdqTop1 += ArgMax(reference) == sample.Label ? 1 : 0;
            fp32Top1 += ArgMax(RunOrt(fp32, qc, x)[0]) == sample.Label ? 1 : 0;
            agree += ArgMax(got) == ArgMax(reference) ? 1 : 0;
        }

        output.WriteLine($"fashion-cnn example, {Images} test images: package vs QDQ on ORT without graph optimizations: {vsPlain}; " +
            $"vs ORT with all optimizations: {vsOptimized}; top-1 qc {100.0 * qcTop1 / Images:0.00}%, QDQ on ORT {100.0 * qdqTop1 / Images:0.00}%, " +
            $"fp32 {100.0 * fp32Top1 / Images:0.00}%, top-1 agreement {agree}/{Images}");

        // Measured on 1000 images: 70.2 dB and max abs 0.011 against either ORT level, top-1 93.10% for both, 1000/1000
        // agreement. Not bit-exact: the float sums before an activation QuantizeLinear are computed in another order, so a
        // value near a rounding boundary can land one uint8 step apart, which moves the logits slightly.
        vsPlain.Db.ShouldBeGreaterThanOrEqualTo(60, vsPlain.ToString());
        agree.ShouldBeGreaterThanOrEqualTo(Images - 5);
        Math.Abs(qcTop1 - qdqTop1).ShouldBeLessThanOrEqualTo(5);
    }
}
