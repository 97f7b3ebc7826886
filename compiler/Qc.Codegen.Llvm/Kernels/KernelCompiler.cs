using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>Compiles a kernel module for one target through LLVM 19: a shared object for CPU targets (object emitted by
/// LLVM, linked by <c>ld.lld-19</c>), PTX text for CUDA targets (specs/codegen.md).</summary>
public static class KernelCompiler
{
    /// <summary>Verifies, translates, checks with LLVM's verifier, optimises (<c>default&lt;O3&gt;</c>) and emits.</summary>
    /// <remarks>User-facing problems are diagnostics: an invalid module (QC6101 plus the verifier's QC52xx), LLVM or the
    /// linker missing (QC6010/QC6011), a link failure (QC6012), external symbols the object would need (QC6102). IR that
    /// LLVM rejects is a compiler bug and throws <see cref="LlvmException"/> with LLVM's message.</remarks>
    public static CompiledCode Compile(KernelModule module, TargetDescriptor target, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(target);
        options ??= CompileOptions.Default;
        if (options.GpuBlockSize is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GpuBlockSize, "GPU block size must be 1 to 1024");
        }

        var verify = module.Verify();
        if (verify.Any(d => d.IsError))
        {
            return Failed(target, [KernelCodegenDiagnostics.Invalid(module.Name, verify.Count(d => d.IsError)), .. verify]);
        }

        if (!LlvmLibrary.TryLoad(out var reason))
        {
            return Failed(target, [CodegenDiagnostics.LlvmLibrary(reason)]);
        }

        using var l = new LlvmModuleBuilder(module.Name, target);
        var kernels = new ModuleEmitter(l, target, options).EmitAll(module);
        l.Verify();
        var ir = l.PrintIr();
        l.RunPasses();
        if (target.IsGpu)
        {
            return new CompiledCode(target, kernels, null, l.EmitAssembly(), ir, verify);
        }

        var obj = l.EmitObject();
        var undefined = ElfSymbols.Undefined(obj);
        if (undefined.Count > 0)
        {
            return Failed(target, [KernelCodegenDiagnostics.External(target.Name.ToString(), undefined)], kernels, ir);
        }

        var link = new Linker().LinkShared([obj], options.SharedObjectName);
        return new CompiledCode(target, kernels, link.SharedObject, null, ir, [.. verify, .. link.Diagnostics]);
    }

    private static CompiledCode Failed(TargetDescriptor target, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<CompiledKernel> kernels = default, string ir = "") =>
        new(target, kernels.IsDefault ? [] : kernels, null, null, ir, diagnostics);
}
