using System.Reflection;
using System.Runtime.InteropServices;
using Qc.Core.Diagnostics;

namespace Qc.Codegen.Tests;

/// <summary>Parsing and validating target names, and the descriptors made from them.</summary>
public sealed class TargetNameTests
{
    private static TargetDescriptor Parse(string text)
    {
        Assert.True(TargetName.TryParse(text, out var target, out var error), error is null ? "" : DiagnosticFormatter.Format(error));
        return target.ToDescriptor();
    }

    private static Diagnostic Reject(string text)
    {
        Assert.False(TargetName.TryParse(text, out var target, out var error));
        Assert.Null(target);
        return error;
    }

    [Theory]
    [InlineData("x86_64-linux-gnu:znver4", "x86_64-unknown-linux-gnu", "znver4", "", 512)]
    [InlineData("x86_64-linux-gnu:x86-64-v3", "x86_64-unknown-linux-gnu", "x86-64-v3", "", 256)]
    [InlineData("x86_64-linux-gnu:x86-64", "x86_64-unknown-linux-gnu", "x86-64", "", 128)]
    [InlineData("aarch64-linux-gnu:neoverse-n1", "aarch64-unknown-linux-gnu", "neoverse-n1", "", 128)]
    [InlineData("nvptx64-nvidia-cuda:sm_80", "nvptx64-nvidia-cuda", "sm_80", "+ptx70", 32)]
    [InlineData("x86_64-linux-gnu:znver3+avx512f,-avx2", "x86_64-unknown-linux-gnu", "znver3", "+avx512f,-avx2", 512)]
    [InlineData("x86_64-linux-gnu:znver4:-avx512f", "x86_64-unknown-linux-gnu", "znver4", "-avx512f", 256)]
    [InlineData(" x86_64-pc-linux-gnu:skylake-avx512 ", "x86_64-unknown-linux-gnu", "skylake-avx512", "", 512)]
    public void ValidNames_GiveDescriptors(string text, string triple, string cpu, string features, int vectorBits)
    {
        var d = Parse(text);
        Assert.Equal(triple, d.LlvmTriple);
        Assert.Equal(cpu, d.Cpu);
        Assert.Equal(features, d.Features);
        Assert.Equal(vectorBits, d.VectorBits);
        Assert.Equal(64, d.PointerBits);
    }

    [Theory]
    [InlineData("sm_53", 42)]
    [InlineData("sm_70", 60)]
    [InlineData("sm_75", 63)]
    [InlineData("sm_80", 70)]
    [InlineData("sm_86", 71)]
    [InlineData("sm_89", 78)]
    [InlineData("sm_90", 78)]
    [InlineData("sm_90a", 80)]
    public void Sm_GetsDefaultPtxVersion(string sm, int ptx)
    {
        var d = Parse("nvptx64-nvidia-cuda:" + sm);
        Assert.Equal(ptx, d.PtxVersion);
        Assert.Equal($"+ptx{ptx}", d.Features);
        Assert.True(d.IsGpu);
        Assert.True(d.EmitsText);
        Assert.Null(d.PreferVectorWidth);
    }

    [Fact]
    public void ExplicitPtxVersion_IsKept()
    {
        var d = Parse("nvptx64-nvidia-cuda:sm_80+ptx78");
        Assert.Equal(78, d.PtxVersion);
        Assert.Equal("+ptx78", d.Features);
        Assert.Equal("nvptx64-nvidia-cuda:sm_80+ptx78", d.Name.ToString());
    }

    [Fact]
    public void PtxOlderThanTheGpuNeeds_IsRejected()
    {
        var e = Reject("nvptx64-nvidia-cuda:sm_90+ptx70");
        Assert.Equal(CodegenDiagnostics.PtxTooOld, e.Code.Number);
        Assert.Equal("PTX 7.0 is too old for 'sm_90'", e.Message);
        Assert.Contains("+ptx78", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x86_64-linux-gnu:znver4", true, false, 512)]
    [InlineData("x86_64-linux-gnu:sapphirerapids", true, true, 512)]
    [InlineData("x86_64-linux-gnu:x86-64-v3", false, false, null)]
    [InlineData("aarch64-linux-gnu:neoverse-n1", false, true, null)]
    [InlineData("aarch64-linux-gnu:neoverse-v1", true, true, null)]
    [InlineData("aarch64-linux-gnu:cortex-a53", false, false, null)]
    [InlineData("nvptx64-nvidia-cuda:sm_80", true, true, null)]
    [InlineData("nvptx64-nvidia-cuda:sm_75", false, true, null)]
    public void Capabilities(string text, bool bf16, bool fp16, int? preferWidth)
    {
        var d = Parse(text);
        Assert.Equal(bf16, d.SupportsBf16);
        Assert.Equal(fp16, d.SupportsFp16);
        Assert.Equal(preferWidth, d.PreferVectorWidth);
    }

    [Fact]
    public void UnknownCpu_IsQc6003_WithDidYouMean()
    {
        var e = Reject("x86_64-linux-gnu:znver9");
        Assert.Equal("QC6003", e.Code.ToString());
        Assert.Equal("unknown CPU 'znver9' for x86_64-linux-gnu", e.Message);
        Assert.StartsWith("did you mean 'znver5'?", e.Hint, StringComparison.Ordinal);
        Assert.Equal(
            "error QC6003: unknown CPU 'znver9' for x86_64-linux-gnu\n  hint: did you mean 'znver5'? other close names: znver4, znver3\n",
            DiagnosticFormatter.Format(e));
    }

    [Theory]
    [InlineData("aarch64-linux-gnu:neoverse-n9", "neoverse-n3")]
    [InlineData("nvptx64-nvidia-cuda:sm_81", "sm_80")]
    [InlineData("x86_64-linux-gnu:skylake-avx51", "skylake-avx512")]
    public void UnknownCpu_SuggestsNearestName(string text, string suggestion)
    {
        var e = Reject(text);
        Assert.Equal(CodegenDiagnostics.UnknownCpu, e.Code.Number);
        Assert.Contains($"'{suggestion}'", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x86_64-linux-gnu:i686")]
    [InlineData("x86_64-linux-gnu:pentium4")]
    [InlineData("x86_64-linux-gnu:ZNVER4")]
    [InlineData("aarch64-linux-gnu:znver4")]
    [InlineData("nvptx64-nvidia-cuda:sm_99")]
    public void CpusThatWouldAbortOrMisbehaveInLlvm_AreRejected(string text) =>
        Assert.Equal(CodegenDiagnostics.UnknownCpu, Reject(text).Code.Number);

    [Theory]
    [InlineData("x86_64-linux-gnu:znver4+avx512fq", "avx512fq", "avx512f")]
    [InlineData("x86_64-linux-gnu:znver4+32bit-mode", "32bit-mode", null)]
    [InlineData("x86_64-linux-gnu:znver4:-64bit", "64bit", null)]
    [InlineData("aarch64-linux-gnu:neoverse-n1+neonn", "neonn", "neon")]
    [InlineData("nvptx64-nvidia-cuda:sm_80+ptx79", "ptx79", "ptx78")]
    public void UnknownFeature_IsQc6004(string text, string feature, string? suggestion)
    {
        var e = Reject(text);
        Assert.Equal(CodegenDiagnostics.UnknownFeature, e.Code.Number);
        Assert.Contains($"'{feature}'", e.Message, StringComparison.Ordinal);
        if (suggestion is not null)
        {
            Assert.Contains($"did you mean '{suggestion}'", e.Hint, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("x86_64-windows-msvc:znver4", "x86_64-linux-gnu")]
    [InlineData("aarch64-linux-gnuu:neoverse-n1", "aarch64-linux-gnu")]
    [InlineData("nvptx-nvidia-cuda:sm_80", "nvptx64-nvidia-cuda")]
    public void UnknownTriple_IsQc6002(string text, string suggestion)
    {
        var e = Reject(text);
        Assert.Equal(CodegenDiagnostics.UnknownTriple, e.Code.Number);
        Assert.Contains(suggestion, e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x86_64-linux-gnu")]
    [InlineData(":znver4")]
    [InlineData("x86_64-linux-gnu:")]
    [InlineData("x86_64-linux-gnu:znver4:avx512f")]
    [InlineData("x86_64-linux-gnu:znver4+")]
    [InlineData("nvptx64-nvidia-cuda:sm_80:-ptx70")]
    [InlineData("nvptx64-nvidia-cuda:sm_80+ptx70,+ptx78")]
    public void Malformed_IsQc6001(string text) => Assert.Equal(CodegenDiagnostics.MalformedTarget, Reject(text).Code.Number);

    [Fact]
    public void CanonicalName_RoundTrips()
    {
        foreach (var text in TargetDescriptor.Examples.Concat(["x86_64-linux-gnu:znver4:-avx512f,+avx2", "x86_64-linux-gnu:znver3+avx512f"]))
        {
            var d = Parse(text);
            Assert.Equal(text, d.Name.ToString());
            Assert.Equal(d, Parse(d.Name.ToString()));
        }
    }

    [Fact]
    public void Host_KnownCpu_IsUsed()
    {
        var t = TargetName.ResolveHost(Architecture.X64, "znver3", "+avx2,+fma,-avx512f", out var d);
        Assert.Null(d);
        Assert.Equal("x86_64-linux-gnu:znver3", t!.ToString());
    }

    [Fact]
    public void Host_Avx512CpuWithoutAvx512_DropsIt()
    {
        // A virtual machine may report an AVX-512 CPU family but mask the feature.
        var t = TargetName.ResolveHost(Architecture.X64, "znver4", "+avx2,-avx512f", out var d);
        Assert.Null(d);
        Assert.Equal("x86_64-linux-gnu:znver4:-avx512f", t!.ToString());
        Assert.Equal(256, t.ToDescriptor().VectorBits);
    }

    [Fact]
    public void Host_UnknownCpu_FallsBackWithWarning()
    {
        var t = TargetName.ResolveHost(Architecture.X64, "znver9", null, out var d);
        Assert.Equal("x86_64-linux-gnu:x86-64", t!.ToString());
        Assert.Equal(Severity.Warning, d!.Severity);
        Assert.Equal(CodegenDiagnostics.UnknownHostCpu, d.Code.Number);

        var arm = TargetName.ResolveHost(Architecture.Arm64, "neoverse-n1", "+neon", out d);
        Assert.Null(d);
        Assert.Equal("aarch64-linux-gnu:neoverse-n1", arm!.ToString());
    }

    [Fact]
    public void Host_UnsupportedArchitecture_IsQc6007()
    {
        Assert.Null(TargetName.ResolveHost(Architecture.RiscV64, "generic-rv64", null, out var d));
        Assert.Equal(CodegenDiagnostics.UnsupportedHost, d!.Code.Number);
        Assert.True(TargetName.IsHost(" host "));
    }

    [Fact]
    public void ValidatedTypes_HaveNoPublicConstructors()
    {
        // The validator is the only way to a TargetName or TargetDescriptor, so no unvalidated CPU can reach LLVM.
        Assert.Empty(typeof(TargetName).GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.Empty(typeof(TargetDescriptor).GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.All(typeof(TargetDescriptor).GetProperties(), p => Assert.Null(p.SetMethod));
    }

    [Fact]
    public void QcCodegen_NeverCallsNativeCode()
    {
        var pinvokes = typeof(TargetName).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl) || m.GetCustomAttribute<LibraryImportAttribute>() is not null);
        Assert.Empty(pinvokes);
    }
}
