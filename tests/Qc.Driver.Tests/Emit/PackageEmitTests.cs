using System.Text;
using Qc.Codegen;
using Qc.Driver.Compile;
using Qc.Driver.Emit;
using Qc.Package;
using static Qc.Driver.Tests.Emit.EmitTestSupport;

namespace Qc.Driver.Tests.Emit;

/// <summary>What the package emit writes (manifest, sections, provenance, several targets), determinism, output paths,
/// and its diagnostics: bad and duplicate targets before any code generation, unsupported ops with no file written.</summary>
public sealed class PackageEmitTests
{
    private static readonly long[] s_image = [1, 1, 28, 28];

    [EmitFact(FashionCnn)]
    public void Emit_Twice_GivesIdenticalBytes()
    {
        using var dir = new EmitTempDir();
        var recipe = FloatRecipe(dir.Path, FashionCnn, "input", s_image);
        var targets = new[] { "x86_64-linux-gnu:znver4", "aarch64-linux-gnu:neoverse-n1", "nvptx64-nvidia-cuda:sm_80" };
        var a = EmitPackage(new CompileRequest(recipe) { Emit = CompileEmit.Package, OutputDirectory = dir.File("a.qcpkg") }, targets);
        var b = EmitPackage(new CompileRequest(recipe) { Emit = CompileEmit.Package, OutputDirectory = dir.File("b.qcpkg") }, targets);
        File.ReadAllBytes(a.PackagePath!).ShouldBe(File.ReadAllBytes(b.PackagePath!));
    }

    [EmitFact(FashionCnn)]
    public void Emit_WritesManifestSectionsAndProvenance()
    {
        using var dir = new EmitTempDir();
        var recipe = FloatRecipe(dir.Path, FashionCnn, "input", s_image);
        var outcome = EmitPackage(recipe, "x86_64-linux-gnu:x86-64-v3", "nvptx64-nvidia-cuda:sm_80");
        outcome.PackagePath.ShouldBe(Path.Combine(dir.Path, "out", "model.qcpkg"), "the recipe's output: path");
        using var package = QcPackage.Open(outcome.PackagePath!);
        var m = package.Manifest;
        m.Inputs.Single().Name.ShouldBe("input");
        m.Inputs.Single().Shape.ShouldBe(s_image);
        m.Outputs.Single().Name.ShouldBe("logits");
        m.Targets.Select(t => t.Name).ShouldBe(["x86_64-linux-gnu:x86-64-v3", "nvptx64-nvidia-cuda:sm_80"]);
        package.HasSection("code/x86_64-linux-gnu/x86-64-v3.so").ShouldBeTrue();
        package.HasSection(SectionNames.Plan).ShouldBeFalse("no compression ran");
        Encoding.UTF8.GetString(package.GetSpan(SectionNames.Recipe)).ShouldBe(File.ReadAllText(recipe));

        // Every kernel argument is a buffer some kernel uses; weights are 64-aligned and hold the folded Conv+BN weights.
        var used = m.Targets[0].Kernels.SelectMany(k => k.Args).ToHashSet();
        m.Buffers.Where(b => b.Kind is BufferKind.Weight or BufferKind.Arena).ShouldAllBe(b => used.Contains(b.Id) && b.Offset % 64 == 0);
        m.Buffers.Where(b => b.Kind == BufferKind.Weight).Sum(b => b.Bytes).ShouldBeLessThan(260_000, "about 61k fp32 parameters, no unused copies");
        m.ArenaBytes.ShouldBe(outcome.Build!.ArenaBytes);

        var provenance = package.Provenance.ShouldNotBeNull();
        provenance.ModelSha256.ShouldBe(CompileData.Hash(TestEnvironment.Resolve(FashionCnn)));
        provenance.RecipeSha256.ShouldBe(CompileData.Hash(recipe));
        provenance.CalibrationSha256.ShouldBeNull();
    }

    [EmitFact(FashionCnn)]
    public void PtxTarget_HasEntriesAndLaunchGeometry()
    {
        using var dir = new EmitTempDir();
        var outcome = EmitPackage(FloatRecipe(dir.Path, FashionCnn, "input", s_image), "nvptx64-nvidia-cuda:sm_80", "x86_64-linux-gnu:znver4");
        using var package = QcPackage.Open(outcome.PackagePath!);
        var cuda = package.Manifest.Targets[0];
        cuda.Kind.ShouldBe(TargetKind.Cuda);
        cuda.Code.ShouldBe("code/nvptx64-nvidia-cuda/sm_80.ptx");
        cuda.Kernels.ShouldAllBe(k => k.Grid!.Count == 3 && k.Block!.Count == 3 && k.SharedBytes == 0);
        cuda.Kernels.ShouldContain(k => k.Block![0] > 1, "parallel loops of convolutions map onto CUDA threads");
        // The CPU grain-size rule does not apply to CUDA: the padding copies of the 16- and 32-channel convolutions (far
        // below the CPU grain) still put their channel loops on the grid.
        foreach (var pad in new[] { "_features_features_2_features_2_0_Conv_pad", "_features_features_4_features_4_0_Conv_pad" })
        {
            cuda.Kernels.Single(k => k.Name == pad).Block![0].ShouldBeGreaterThan(1, pad);
        }
        var ptx = Encoding.UTF8.GetString(package.GetSpan(cuda.Code));
        ptx.ShouldContain(".target sm_80");
        foreach (var k in cuda.Kernels)
        {
            ptx.ShouldContain(".visible .entry " + k.Symbol + "(");
        }

        // The CPU target of the same package still runs (CUDA targets are used only when named).
        using var model = Load(outcome.PackagePath!, dir.Path);
        model.Target.Name.ShouldBe("x86_64-linux-gnu:znver4");
    }

    [EmitFact(FashionCnn)]
    public void OutputOption_FileOrFolder()
    {
        using var dir = new EmitTempDir();
        var recipe = FloatRecipe(dir.Path, FashionCnn, "input", s_image);
        PackageEmit.Run(new PackageEmitRequest(new CompileRequest(recipe) { OutputDirectory = dir.File("x/custom.qcpkg") })).PackagePath
            .ShouldBe(dir.File("x/custom.qcpkg"));
        PackageEmit.Run(new PackageEmitRequest(new CompileRequest(recipe) { OutputDirectory = dir.File("folder") })).PackagePath
            .ShouldBe(Path.Combine(dir.File("folder"), "model.qcpkg"), "a folder takes the recipe's output file name");
    }

    [EmitFact(FashionCnn)]
    public void CompilePhase_PackageEmit_RunsThePackageEmit()
    {
        using var dir = new EmitTempDir();
        var o = CompilePhase.Run(new CompileRequest(FloatRecipe(dir.Path, FashionCnn, "input", s_image)) { Emit = CompileEmit.Package });
        o.Success.ShouldBeTrue(string.Join("\n", o.Diagnostics));
        File.Exists(Path.Combine(dir.Path, "out", "model.qcpkg")).ShouldBeTrue();
    }

    [DataFact(FashionCnn)]
    public void BadTargets_AreReportedTogether_BeforeCodeGeneration()
    {
        using var dir = new EmitTempDir();
        var recipe = FloatRecipe(dir.Path, FashionCnn, "input", s_image);
        var o = PackageEmit.Run(new PackageEmitRequest(new CompileRequest(recipe)) { Targets = ["x86_64-linux-gnu:znver9", "arm-linux:foo", "x86_64-linux-gnu:znver4", "x86_64-linux-gnu:znver4"] });
        o.Success.ShouldBeFalse();
        o.Diagnostics.Select(d => d.Code.Number).ShouldBe([CodegenDiagnostics.UnknownCpu, CodegenDiagnostics.UnknownTriple, EmitCodes.DuplicateTarget]);
        o.PackagePath.ShouldBeNull();
        Directory.Exists(Path.Combine(dir.Path, "out")).ShouldBeFalse("nothing is written");
    }

    [DataFact(FashionCnn)]
    public void UnpinnedSymbolicInput_IsOneDiagnostic_WithTheInputsLineToAdd()
    {
        using var dir = new EmitTempDir();
        var recipe = Path.Combine(dir.Path, "recipe.yaml");
        File.WriteAllText(recipe, $"qc: 1\nmodel: {TestEnvironment.Resolve(FashionCnn)}\ntarget: x86_64-linux-gnu:znver4\noutput: {dir.Path}/cnn.qcpkg\n");
        var o = PackageEmit.Run(new PackageEmitRequest(new CompileRequest(recipe)));
        var error = o.Diagnostics.Where(d => d.IsError).ShouldHaveSingleItem("one error for the input, not one per op");
        error.Code.Number.ShouldBe(EmitCodes.InputNotPinned);
        error.Message.ShouldContain("'input'");
        error.Hint.ShouldBe("pin it in the recipe, e.g. 'inputs: { input: [1, 1, 28, 28] }' (the batch size and any other free dimension)");
        File.Exists(Path.Combine(dir.Path, "cnn.qcpkg")).ShouldBeFalse();
    }

    [DataFact(TestEnvironment.NodeTestData)]
    public void UnsupportedOp_IsTheLoweringDiagnostic_AndNoFile()
    {
        using var dir = new EmitTempDir();
        var recipe = Path.Combine(dir.Path, "recipe.yaml");
        File.WriteAllText(recipe, $"qc: 1\nmodel: {TestEnvironment.NodeTestData}/node/test_det_2d/model.onnx\ntarget: x86_64-linux-gnu:znver4\noutput: {dir.Path}/det.qcpkg\n");
        var o = PackageEmit.Run(new PackageEmitRequest(new CompileRequest(recipe)));
        var error = o.Diagnostics.Single(d => d.IsError);
        error.Code.Number.ShouldBe(Qc.Lowering.LoweringDiagnostics.UnsupportedOp);
        error.Message.ShouldContain("'Det'");
        File.Exists(Path.Combine(dir.Path, "det.qcpkg")).ShouldBeFalse();
        Directory.GetFiles(dir.Path).ShouldBe([recipe], "no partial or temporary file is left");
    }

    [Fact]
    public void Compresses_OnlyForCompressionSections()
    {
        using var dir = new EmitTempDir();
        var model = TestEnvironment.Resolve(FashionCnn);
        var plain = Path.Combine(dir.Path, "plain.yaml");
        File.WriteAllText(plain, $"qc: 1\nmodel: {model}\n");
        var quantized = Path.Combine(dir.Path, "q.yaml");
        File.WriteAllText(quantized, $"qc: 1\nmodel: {model}\nquantize:\n  weights: int8(per_channel)\n");
        PackageEmit.Compresses(RecipeCheck.Run(plain).Recipe!).ShouldBeFalse();
        PackageEmit.Compresses(RecipeCheck.Run(quantized).Recipe!).ShouldBeTrue();
    }
}
