using System.Collections.Immutable;
using System.Text;
using Qc.Core.Diagnostics;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>Options of <see cref="KernelCompiler.Compile"/>.</summary>
public sealed record CompileOptions
{
    /// <summary>The defaults: 256 GPU threads per block.</summary>
    public static CompileOptions Default { get; } = new();

    /// <summary>Threads per block of a grid-mapped parallel loop on CUDA targets (1 to 1024).</summary>
    public int GpuBlockSize { get; init; } = 256;

    /// <summary>The <c>-soname</c> of the shared object.</summary>
    public string SharedObjectName { get; init; } = "libqc_kernels.so";
}

/// <summary>The launch geometry of a CUDA kernel (specs/package.md: <c>grid</c>, <c>block</c>, <c>sharedBytes</c>).</summary>
public sealed record GpuLaunch(ImmutableArray<int> Grid, ImmutableArray<int> Block, int SharedBytes);

/// <summary>One compiled kernel: its readable name, exported symbol (C symbol or PTX entry), the buffer ids of its
/// arguments in call order, and (CUDA only) its launch geometry.</summary>
public sealed record CompiledKernel(string Name, string Symbol, ImmutableArray<int> Args, GpuLaunch? Launch);

/// <summary>The result of <see cref="KernelCompiler.Compile"/>: a shared object (CPU) or PTX text (CUDA), one entry per
/// kernel in schedule order, the LLVM IR as verified (before optimisation), and diagnostics.</summary>
public sealed record CompiledCode(
    TargetDescriptor Target,
    ImmutableArray<CompiledKernel> Kernels,
    byte[]? SharedObject,
    string? Ptx,
    string LlvmIr,
    ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when code was produced and no diagnostic is an error.</summary>
    public bool Succeeded => (SharedObject is not null || Ptx is not null) && !Diagnostics.Any(d => d.IsError);

    /// <summary>The bytes of the package's code section: the shared object, or the PTX text as UTF-8 (no NUL).</summary>
    public byte[] CodeBytes => SharedObject ?? (Ptx is null ? [] : Encoding.UTF8.GetBytes(Ptx));
}
