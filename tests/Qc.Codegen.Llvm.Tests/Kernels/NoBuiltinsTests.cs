using Qc.Codegen.Llvm.Kernels;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>Copy and fill loops stay loops: O3's loop idiom recognition must not turn them into memcpy/memset calls,
/// which a package's shared object cannot import (QC6102). Regression test for padding and concat kernels of real models.</summary>
public sealed class NoBuiltinsTests
{
    [NativeTheory(Tool.Llvm | Tool.Lld)]
    [InlineData("x86_64-linux-gnu:znver4")]
    [InlineData("aarch64-linux-gnu:neoverse-n1")]
    public void CopyAndFillLoops_ImportNothing(string target)
    {
        const int n = 4099;
        var m = new KernelModule("copy_fill");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var y = m.AddOutput("y", ElementType.F32, [2 * n]);
        var b = new KernelBuilder(m.AddKernel("copy_fill", x, y));
        b.For(0, n, 1, i => b.Store(y, i, b.Load(x, i)));
        b.For(n, 2 * n, 1, i => b.Store(y, i, b.F32(0)));
        var code = KernelCompiler.Compile(m, KernelTestData.Target(target));
        Assert.True(code.Succeeded, string.Join("\n", code.Diagnostics));
        Assert.Contains("\"no-builtins\"", code.LlvmIr, StringComparison.Ordinal);
        Assert.Empty(ElfSymbols.Undefined(code.SharedObject!));
    }
}
