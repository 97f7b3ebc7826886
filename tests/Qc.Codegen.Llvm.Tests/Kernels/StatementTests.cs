using Qc.Codegen.Llvm.Kernels;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>Statement forms (tails, iter_args, nested ifs with results, parallel loops with captured values, hints,
/// temps across kernels) compiled for x86-64 against the interpreter, with 1 to 7 threads.</summary>
public sealed class StatementTests
{
    [NativeFact(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    public void ControlFlow_MatchesInterpreter_ForEveryThreadCount()
    {
        foreach (var n in (int[])[1, 8, 103])
        {
            var module = SampleModules.Control(n);
            Assert.Empty(module.Verify());
            foreach (var threads in (uint[])[1, 3, 7])
            {
                using var native = new NativeModule(module) { Threads = threads };
                var inputs = KernelTestData.Inputs(module, n + (int)threads);
                KernelTestData.AssertEqual(KernelTestData.Interpret(module, inputs), native.Run(inputs), _ => 0, $"n={n}, threads={threads}");
            }
        }
    }

    [NativeFact(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    public void LoopHints_BecomeLoopMetadata()
    {
        var code = KernelCompiler.Compile(SampleModules.Control(), KernelTestData.Target("x86_64-linux-gnu:x86-64-v3"));
        Assert.True(code.Succeeded, string.Join("\n", code.Diagnostics));
        Assert.Contains("!\"llvm.loop.vectorize.width\", i32 8", code.LlvmIr, StringComparison.Ordinal);
        Assert.Contains("!\"llvm.loop.unroll.count\", i32 2", code.LlvmIr, StringComparison.Ordinal);
        Assert.Contains("@qc_k0_shape.par0", code.LlvmIr, StringComparison.Ordinal);
        Assert.Equal(["qc_k0_shape", "qc_k1_finish"], code.Kernels.Select(k => k.Symbol).ToArray());
        Assert.Equal([0, 1, 2], code.Kernels[0].Args.ToArray());
    }

    [NativeFact(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    public void Matmul_MatchesInterpreter()
    {
        var module = SampleModules.Matmul(5, 64, 7);
        using var native = new NativeModule(module);
        var inputs = KernelTestData.Inputs(module, 5, moderate: true);
        KernelTestData.AssertEqual(KernelTestData.Interpret(module, inputs), native.Run(inputs), _ => 0, "matmul");
    }

    [NativeFact(Tool.Llvm | Tool.Lld)]
    public void InvalidModule_IsQC6101_WithTheVerifierDiagnostics()
    {
        var m = new KernelModule("bad");
        var x = m.AddInput("x", Qc.Core.Tensors.ElementType.F32, [4]);
        var b = new KernelBuilder(m.AddKernel("k", x));
        b.For(0, 4, 1, i => b.Store(x, i, b.F32(1)));
        var code = KernelCompiler.Compile(m, KernelTestData.Target("x86_64-linux-gnu:x86-64-v3"));
        Assert.False(code.Succeeded);
        Assert.Equal(KernelCodegenDiagnostics.InvalidModule, code.Diagnostics[0].Code.Number);
        Assert.Contains(code.Diagnostics, d => d.Code.Number / 100 == 52);
    }

    [NativeFact(Tool.Llvm | Tool.Lld)]
    public void SharedObjects_NeedNoExternalSymbols_AndFmaWithoutHardwareIsQC6102()
    {
        foreach (var target in (string[])["x86_64-linux-gnu:x86-64-v3", "x86_64-linux-gnu:znver4", "aarch64-linux-gnu:neoverse-n1", "aarch64-linux-gnu:generic"])
        {
            foreach (var op in Enum.GetValues<Opcode>())
            {
                var code = KernelCompiler.Compile(OpcodeModules.Build(op), KernelTestData.Target(target));
                Assert.True(code.Succeeded, $"{target} {op}: " + string.Join("\n", code.Diagnostics));
            }
        }

        var baseline = KernelCompiler.Compile(SampleModules.Axpy(), KernelTestData.Target("x86_64-linux-gnu:x86-64"));
        Assert.False(baseline.Succeeded);
        var d = Assert.Single(baseline.Diagnostics);
        Assert.Equal(KernelCodegenDiagnostics.ExternalSymbol, d.Code.Number);
        Assert.Contains("fmaf", d.Message, StringComparison.Ordinal);
    }
}
