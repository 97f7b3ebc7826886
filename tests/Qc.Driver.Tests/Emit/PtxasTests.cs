using System.Diagnostics;
using Qc.Package;
using static Qc.Driver.Tests.Emit.EmitTestSupport;

namespace Qc.Driver.Tests.Emit;

/// <summary>A fact that assembles PTX with NVIDIA's ptxas (<c>QC_PTXAS</c>, e.g. from scripts/fetch-ptxas.sh); skipped when it
/// is not available, also in CI (ptxas is non-free and optional).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PtxasFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PtxasFactAttribute() => Skip = Ptxas is null
        ? "ptxas not available (scripts/fetch-ptxas.sh, then QC_PTXAS=.cache/ptxas/ptxas): whole-model PTX assembly skipped"
        : null;

    /// <summary>The ptxas binary named by <c>QC_PTXAS</c>, when it exists.</summary>
    public static string? Ptxas => Environment.GetEnvironmentVariable("QC_PTXAS") is { Length: > 0 } p && File.Exists(p) ? p : null;
}

/// <summary>The PTX of whole compiled models is accepted by NVIDIA's assembler for the architecture it names.</summary>
public sealed class PtxasTests
{
    private static readonly long[] s_image = [1, 1, 28, 28];

    [PtxasFact]
    public void WholeModelPtx_Assembles() => Assembles(FashionCnn, "input", s_image, "nvptx64-nvidia-cuda:sm_80", "nvptx64-nvidia-cuda:sm_90");

    /// <summary>The real models: cls (depthwise, pools, SE blocks), det (ConvTranspose as a matrix product + gather, Resize).</summary>
    [PtxasFact]
    public void PaddleOcrPtx_Assembles()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        TestEnvironment.Require(TestEnvironment.DetModel);
        Assembles(TestEnvironment.ClsModel, "x", [1, 3, 48, 192], "nvptx64-nvidia-cuda:sm_80");
        Assembles(TestEnvironment.DetModel, "x", [1, 3, 640, 640], "nvptx64-nvidia-cuda:sm_90");
    }

    private static void Assembles(string model, string input, long[] shape, params string[] targets)
    {
        using var dir = new EmitTempDir();
        var outcome = EmitPackage(FloatRecipe(dir.Path, model, input, shape), targets);
        using var package = QcPackage.Open(outcome.PackagePath!);
        foreach (var target in package.Manifest.Targets)
        {
            var arch = target.Name[(target.Name.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var ptxPath = dir.File(arch + ".ptx");
            File.WriteAllBytes(ptxPath, package.GetSpan(target.Code).ToArray());
            var start = new ProcessStartInfo(PtxasFactAttribute.Ptxas!) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-arch=" + arch, ptxPath, "-o", dir.File(arch + ".cubin") })
            {
                start.ArgumentList.Add(a);
            }

            using var ptxas = Process.Start(start).ShouldNotBeNull();
            var errors = ptxas.StandardError.ReadToEnd();
            ptxas.StandardOutput.ReadToEnd();
            ptxas.WaitForExit();
            ptxas.ExitCode.ShouldBe(0, $"ptxas -arch={arch}: {errors}");
            new FileInfo(dir.File(arch + ".cubin")).Length.ShouldBeGreaterThan(0);
        }
    }
}
