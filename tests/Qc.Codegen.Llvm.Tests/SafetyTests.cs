using System.Reflection;
using Qc.Codegen.Llvm.Interop;

namespace Qc.Codegen.Llvm.Tests;

/// <summary>Unvalidated names never reach LLVM; handles are owned; the linker reports clearly when it is missing.</summary>
public sealed class SafetyTests
{
    [Fact]
    public void TargetMachine_IsCreatedOnlyFromADescriptor()
    {
        var ctor = Assert.Single(typeof(LlvmTargetMachine).GetConstructors());
        Assert.Equal([typeof(TargetDescriptor)], ctor.GetParameters().Select(p => p.ParameterType));
        var moduleCtor = Assert.Single(typeof(LlvmModuleBuilder).GetConstructors());
        Assert.Contains(typeof(TargetDescriptor), moduleCtor.GetParameters().Select(p => p.ParameterType));
    }

    [Fact]
    public void CreateTargetMachine_IsCalledOnlyByLlvmTargetMachine()
    {
        // The one P/Invoke that takes a CPU name is private to the interop class and used from one constructor.
        var method = typeof(LlvmApi).GetMethod(nameof(LlvmApi.LLVMCreateTargetMachine), BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(method);
        Assert.False(typeof(LlvmApi).IsPublic);
        var source = File.ReadAllText(Path.Combine(Qc.Testing.TestEnvironment.RepoRoot, "compiler", "Qc.Codegen.Llvm", "LlvmTargetMachine.cs"));
        Assert.Contains("TargetCatalogAccess.IsKnownCpu(target)", source, StringComparison.Ordinal);
        var callers = Directory.EnumerateFiles(Path.Combine(Qc.Testing.TestEnvironment.RepoRoot, "compiler"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.EndsWith("LlvmApi.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("LLVMCreateTargetMachine(", StringComparison.Ordinal))
            .Select(Path.GetFileName);
        Assert.Equal(["LlvmTargetMachine.cs"], callers);
    }

    [Fact]
    public void InvalidCpu_IsRejectedBeforeAnyLlvmCall()
    {
        // If this reached LLVM the test process would abort ("LLVM ERROR: 64-bit code requested ...").
        Assert.False(TargetName.TryParse("x86_64-linux-gnu:i686", out _, out var e1));
        Assert.Equal(CodegenDiagnostics.UnknownCpu, e1.Code.Number);
        Assert.False(TargetName.TryParse("x86_64-linux-gnu:znver9", out _, out var e2));
        Assert.Equal("QC6003", e2.Code.ToString());
    }

    [Fact]
    public void MissingLinker_IsQc6011()
    {
        var result = new Linker("/nonexistent/ld.lld-19").LinkShared([[1, 2, 3]]);
        Assert.False(result.Succeeded);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(CodegenDiagnostics.LinkerMissing, d.Code.Number);
        Assert.Equal("linker '/nonexistent/ld.lld-19' not found", d.Message);
        Assert.Contains("lld-19", d.Hint, StringComparison.Ordinal);
    }

    [NativeFact(Tool.Lld)]
    public void LinkerFailure_IsQc6012_WithItsOutput()
    {
        var result = new Linker().LinkShared([[1, 2, 3]]);
        Assert.False(result.Succeeded);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(CodegenDiagnostics.LinkFailed, d.Code.Number);
        Assert.Contains("input0.o", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("qc-link-", d.Message, StringComparison.Ordinal);
    }

    [NativeFact(Tool.Llvm)]
    public void Handles_DisposeInAnyOrderWithoutCrashing()
    {
        for (var i = 0; i < 20; i++)
        {
            var m = new LlvmModuleBuilder("m" + i, ProofKernels.Target("x86_64-linux-gnu:x86-64-v3"));
            ProofKernels.AddAxpy(m);
            if (i % 2 == 0)
            {
                m.Dispose();
                m.Dispose();
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
