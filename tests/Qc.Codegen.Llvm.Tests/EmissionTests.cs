using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Qc.Codegen.Llvm.Tests;

/// <summary>Verification, the O3 pipeline, emission, determinism and golden text.</summary>
public sealed partial class EmissionTests(ITestOutputHelper output)
{
    [NativeFact(Tool.Llvm)]
    public void AxpyIr_MatchesGolden()
    {
        using var m = new LlvmModuleBuilder("axpy", ProofKernels.Target("x86_64-linux-gnu:x86-64-v3"));
        ProofKernels.AddAxpy(m);
        m.Verify();
        Golden.Match("llvm/axpy.ll", m.PrintIr());
    }

    [NativeFact(Tool.Llvm)]
    public void AxpyIr_Znver4_HasPreferVectorWidth512()
    {
        using var m = new LlvmModuleBuilder("axpy", ProofKernels.Target("x86_64-linux-gnu:znver4"));
        ProofKernels.AddAxpy(m);
        var ir = m.PrintIr();
        Assert.Contains("\"prefer-vector-width\"=\"512\"", ir, StringComparison.Ordinal);
        Assert.Contains("ptr noalias", ir, StringComparison.Ordinal);
        Assert.Contains("target triple = \"x86_64-unknown-linux-gnu\"", ir, StringComparison.Ordinal);
    }

    [NativeFact(Tool.Llvm)]
    public void Znver4_UsesZmm_X86V3_DoesNot()
    {
        string Asm(string target)
        {
            using var m = ProofKernels.Module(ProofKernels.Target(target));
            m.Verify();
            m.RunPasses();
            return m.EmitAssembly();
        }

        var znver4 = Asm("x86_64-linux-gnu:znver4");
        var v3 = Asm("x86_64-linux-gnu:x86-64-v3");
        output.WriteLine($"znver4: {Zmm().Count(znver4)} zmm operands; x86-64-v3: {Zmm().Count(v3)} zmm operands");
        output.WriteLine(string.Join('\n', znver4.Split('\n').Where(l => l.Contains("vfmadd", StringComparison.Ordinal)).Take(4)));
        Assert.Matches(@"vfmadd\d+ps\s.*%zmm", znver4);
        Assert.True(Zmm().Count(znver4) >= 4, "expected several zmm instructions in znver4 code");
        Assert.Equal(0, Zmm().Count(v3));
        Assert.Matches(@"vfmadd\d+ps\s.*%ymm", v3);
    }

    [NativeFact(Tool.Llvm)]
    public void Aarch64_UsesNeonFmla()
    {
        using var m = ProofKernels.Module(ProofKernels.Target("aarch64-linux-gnu:neoverse-n1"));
        m.Verify();
        m.RunPasses();
        var asm = m.EmitAssembly();
        Assert.Matches(@"fmla\s+v\d+\.4s", asm);
    }

    [NativeFact(Tool.Llvm)]
    public void Compile_IsDeterministic()
    {
        foreach (var target in TargetDescriptor.Examples)
        {
            byte[] Once()
            {
                using var m = ProofKernels.Module(ProofKernels.Target(target));
                return m.Compile();
            }

            var first = Once();
            Assert.NotEmpty(first);
            Assert.Equal(first, Once());
        }
    }

    [NativeFact(Tool.Llvm)]
    public void ObjectFiles_AreElfForTheirMachine()
    {
        foreach (var (target, machine) in new[] { ("x86_64-linux-gnu:x86-64-v3", 62), ("aarch64-linux-gnu:neoverse-n1", 183) })
        {
            using var m = ProofKernels.Module(ProofKernels.Target(target));
            var o = m.Compile();
            Assert.Equal("\u007fELF"u8.ToArray(), o[..4]);
            Assert.Equal(machine, BitConverter.ToUInt16(o, 18));
        }
    }

    [NativeFact(Tool.Llvm)]
    public void BrokenModule_FailsVerificationWithLlvmsMessage()
    {
        using var m = new LlvmModuleBuilder("broken", ProofKernels.Target("x86_64-linux-gnu:x86-64-v3"));
        var fn = m.AddFunction("f", m.FunctionType(m.Void));
        m.AppendBlock(fn, "entry"); // no terminator
        var e = Assert.Throws<LlvmException>(m.Verify);
        Assert.Contains("does not have terminator", e.Message, StringComparison.Ordinal);
        Assert.Throws<LlvmException>(() => m.Compile());
    }

    [NativeFact(Tool.Llvm)]
    public void BadPassPipeline_IsLlvmException()
    {
        using var m = ProofKernels.Module(ProofKernels.Target("x86_64-linux-gnu:x86-64-v3"));
        var e = Assert.Throws<LlvmException>(() => m.RunPasses("default<O7>"));
        Assert.Contains("default<O7>", e.Message, StringComparison.Ordinal);
    }

    [NativeFact(Tool.Llvm)]
    public void VectorOps_BuildAndVerify()
    {
        using var m = new LlvmModuleBuilder("vec", ProofKernels.Target("x86_64-linux-gnu:znver4"));
        var v4 = m.Vector(m.F32, 4);
        var fn = m.AddFunction("vmax", m.FunctionType(m.F32, v4, v4));
        m.PositionAtEnd(m.AppendBlock(fn, "entry"));
        var (a, b) = (m.Param(fn, 0), m.Param(fn, 1));
        var sum = m.FAdd(a, b);
        var prod = m.FMul(m.FSub(a, b), m.FDiv(a, b));
        var max = m.Select(m.FCmp(RealPredicate.Ogt, sum, prod), sum, prod);
        var swapped = m.ShuffleVector(max, max, [3, 2, 1, 0]);
        var withLane = m.InsertElement(swapped, m.ConstF32(1.5f), m.ConstI32(0));
        m.Ret(m.ExtractElement(withLane, m.ConstI32(1)));
        m.Verify();
        var ir = m.PrintIr();
        Assert.Contains("shufflevector <4 x float>", ir, StringComparison.Ordinal);
        Assert.Contains("fcmp ogt <4 x float>", ir, StringComparison.Ordinal);
        Assert.NotEmpty(m.Compile());
    }

    [NativeFact(Tool.Llvm)]
    public void Host_ResolvesToAnAllowListedCpu()
    {
        var host = LlvmLibrary.ResolveHost(out var diagnostic);
        Assert.NotNull(host);
        Assert.True(diagnostic is null || !diagnostic.IsError);
        Assert.True(TargetName.TryParse(host.ToString(), out _, out _), host.ToString());
    }

    [GeneratedRegex(@"%zmm\d+")]
    private static partial Regex Zmm();

    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
