using Qc.Package;
using Shouldly;

namespace Qc.Runtime.Tests;

/// <summary>Which CPU targets a host can run, and which one is picked.</summary>
public sealed class HostCpuTests
{
    private static readonly string[] s_v3 = ["sse2", "ssse3", "sse4_1", "sse4_2", "popcnt", "avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"];
    private static readonly string[] s_v4 = [.. s_v3, "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];
    private static readonly string[] s_zen4 = [.. s_v4, "avx512vbmi", "avx512_vbmi2", "avx512_vnni", "avx512_bitalg", "avx512_vpopcntdq", "avx512_bf16"];

    private static ManifestTarget Cpu(string name) => new(name, TargetKind.Cpu, SectionNames.CodeSection(name, TargetKind.Cpu), []);

    private static PackageManifest With(params ManifestTarget[] targets) => new(1, "t", [], [], 0, [], targets);

    [Fact]
    public void CanRun_ChecksArchitectureAndFeatures()
    {
        var haswell = new HostCpu("x86_64", s_v3);
        haswell.CanRun("x86_64-linux-gnu:x86-64", out var r1, out _).ShouldBeTrue();
        haswell.CanRun("x86_64-linux-gnu:x86-64-v3", out var r3, out _).ShouldBeTrue();
        r3.ShouldBeGreaterThan(r1);
        haswell.CanRun("x86_64-linux-gnu:znver4", out _, out var why).ShouldBeFalse();
        why.ShouldStartWith("this host lacks avx512f, avx512bw");
        haswell.CanRun("x86_64-linux-gnu:znver4:-avx512f,-avx512bw,-avx512cd,-avx512dq,-avx512vl,-avx512vbmi,-avx512vbmi2,-avx512vnni,-avx512bitalg,-avx512vpopcntdq,-avx512bf16", out _, out why).ShouldBeTrue(why);
        haswell.CanRun("x86_64-linux-gnu:x86-64-v3+avx512f", out _, out why).ShouldBeFalse();
        why.ShouldBe("this host lacks avx512f");
        haswell.CanRun("aarch64-linux-gnu:neoverse-n1", out _, out why).ShouldBeFalse();
        why.ShouldBe("it is for aarch64, this host is x86_64");
        haswell.CanRun("x86_64-linux-gnu:bonnell", out _, out why).ShouldBeFalse();
        why.ShouldContain("not known to this runtime");
    }

    [Fact]
    public void SelectTarget_PrefersTheMostCapable_ThenTheFirstListed()
    {
        var zen4 = new HostCpu("x86_64", s_zen4);
        var m = With(Cpu("x86_64-linux-gnu:x86-64-v3"), Cpu("x86_64-linux-gnu:znver4"), Cpu("x86_64-linux-gnu:x86-64-v4"), Cpu("aarch64-linux-gnu:neoverse-n1"));
        zen4.SelectTarget(m, out _)!.Name.ShouldBe("x86_64-linux-gnu:znver4");
        new HostCpu("x86_64", s_v4).SelectTarget(m, out _)!.Name.ShouldBe("x86_64-linux-gnu:x86-64-v4");
        new HostCpu("x86_64", s_v3).SelectTarget(m, out _)!.Name.ShouldBe("x86_64-linux-gnu:x86-64-v3");
        new HostCpu("aarch64", ["asimd", "asimddp", "asimdrdm", "asimdhp"]).SelectTarget(m, out _)!.Name.ShouldBe("aarch64-linux-gnu:neoverse-n1");
        new HostCpu("x86_64", s_v3).SelectTarget(With(Cpu("x86_64-linux-gnu:haswell"), Cpu("x86_64-linux-gnu:x86-64-v3")), out _)!.Name.ShouldBe("x86_64-linux-gnu:haswell");

        new HostCpu("x86_64", ["sse2"]).SelectTarget(m, out var reasons).ShouldBeNull();
        reasons.ShouldContain("'x86_64-linux-gnu:x86-64-v3': this host lacks sse4_2");
        reasons.ShouldContain("'aarch64-linux-gnu:neoverse-n1': it is for aarch64, this host is x86_64");
    }

    [Fact]
    public void SelectTarget_NeverPicksAGpuTarget()
    {
        var m = With(new ManifestTarget("nvptx64-nvidia-cuda:sm_80", TargetKind.Cuda, "code/nvptx64-nvidia-cuda/sm_80.ptx", []));
        new HostCpu("x86_64", s_zen4).SelectTarget(m, out var reasons).ShouldBeNull();
        reasons.ShouldContain("cuda target (select it explicitly)");
    }

    [Fact]
    public void Aarch64_NeedsSveForNeoverseV1()
    {
        var n1 = new HostCpu("aarch64", ["asimd", "asimddp", "asimdrdm", "asimdhp"]);
        n1.CanRun("aarch64-linux-gnu:neoverse-v1", out _, out var why).ShouldBeFalse();
        why.ShouldBe("this host lacks sve");
        n1.CanRun("aarch64-linux-gnu:generic", out _, out _).ShouldBeTrue();
    }

    [Fact]
    public void Current_DescribesThisProcess()
    {
        var host = HostCpu.Current;
        host.Architecture.ShouldBe(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "x86_64",
            System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
            var a => a.ToString().ToLowerInvariant(),
        });
        if (host.Architecture == "x86_64")
        {
            host.Features.ShouldContain("sse2");
            host.CanRun("x86_64-linux-gnu:x86-64", out _, out _).ShouldBeTrue();
        }
    }
}
