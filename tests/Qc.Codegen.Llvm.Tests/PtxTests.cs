using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Qc.Codegen.Llvm.Tests;

/// <summary>PTX for NVPTX targets: entry points, .target/.version pairing, golden text, optional ptxas.</summary>
public sealed class PtxTests
{
    private static string Ptx(string target)
    {
        using var m = ProofKernels.Module(ProofKernels.Target(target));
        return Encoding.UTF8.GetString(m.Compile());
    }

    [NativeFact(Tool.Llvm)]
    public void Axpy_IsAVisibleEntry_ForSm80()
    {
        var ptx = Ptx("nvptx64-nvidia-cuda:sm_80");
        Assert.Contains(".visible .entry axpy(", ptx, StringComparison.Ordinal);
        Assert.Contains(".target sm_80", ptx, StringComparison.Ordinal);
        Assert.Contains(".version 7.0", ptx, StringComparison.Ordinal);
        Assert.Contains(".address_size 64", ptx, StringComparison.Ordinal);
        Assert.Matches(@"fma\.rn\.f32", ptx);
        Assert.Contains("%tid.x", ptx, StringComparison.Ordinal);
    }

    [NativeFact(Tool.Llvm)]
    public void Version_FollowsThePtxFeature()
    {
        foreach (var (target, version, sm) in new[]
        {
            ("nvptx64-nvidia-cuda:sm_90", "7.8", "sm_90"),
            ("nvptx64-nvidia-cuda:sm_80+ptx78", "7.8", "sm_80"),
            ("nvptx64-nvidia-cuda:sm_86", "7.1", "sm_86"),
        })
        {
            var ptx = Ptx(target);
            Assert.Contains($".version {version}\n", ptx, StringComparison.Ordinal);
            Assert.Contains($".target {sm}\n", ptx, StringComparison.Ordinal);
        }
    }

    [NativeFact(Tool.Llvm)]
    public void WithoutKernelAnnotation_ItIsAFunc()
    {
        using var m = new LlvmModuleBuilder("plain", ProofKernels.Target("nvptx64-nvidia-cuda:sm_80"));
        var fn = m.AddFunction("helper", m.FunctionType(m.Void));
        m.PositionAtEnd(m.AppendBlock(fn, "entry"));
        m.RetVoid();
        var ptx = Encoding.UTF8.GetString(m.Compile());
        Assert.DoesNotContain(".entry", ptx, StringComparison.Ordinal);
        Assert.Contains(".func helper", ptx, StringComparison.Ordinal);
    }

    [NativeFact(Tool.Llvm)]
    public void AxpyPtx_MatchesGolden() => Golden.Match("ptx/axpy_sm80.ptx", Ptx("nvptx64-nvidia-cuda:sm_80"));

    [NativeFact(Tool.Llvm)]
    public void MarkKernel_OnCpu_Throws()
    {
        using var m = new LlvmModuleBuilder("cpu", ProofKernels.Target("x86_64-linux-gnu:x86-64-v3"));
        var fn = m.AddFunction("f", m.FunctionType(m.Void));
        Assert.Throws<InvalidOperationException>(() => m.MarkKernel(fn));
    }

    [PtxasFact]
    public void Ptxas_AcceptsThePtx()
    {
        foreach (var (target, arch) in new[] { ("nvptx64-nvidia-cuda:sm_80", "sm_80"), ("nvptx64-nvidia-cuda:sm_90", "sm_90") })
        {
            var dir = Directory.CreateTempSubdirectory("qc-ptxas-");
            try
            {
                var input = Path.Combine(dir.FullName, "axpy.ptx");
                File.WriteAllText(input, Ptx(target));
                var start = new ProcessStartInfo(PtxasFactAttribute.Ptxas!) { RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in new[] { "-arch=" + arch, input, "-o", Path.Combine(dir.FullName, "axpy.cubin") })
                {
                    start.ArgumentList.Add(a);
                }

                using var p = Process.Start(start)!;
                var err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, $"ptxas rejected {target}: {err}");
            }
            finally
            {
                dir.Delete(true);
            }
        }
    }

    internal static int Count(string text, string pattern) => Regex.Matches(text, pattern).Count;
}
