using System.Runtime.Intrinsics.X86;
using Qc.Codegen.Llvm;
using Qc.Testing;

namespace Qc.Codegen.Llvm.Tests;

/// <summary>Native tools a test needs.</summary>
[Flags]
public enum Tool
{
    /// <summary>libLLVM.so.19.1 (or <c>LLVM_C_LIB</c>).</summary>
    Llvm = 1,

    /// <summary><c>ld.lld-19</c> (or <c>QC_LLD</c>).</summary>
    Lld = 2,

    /// <summary><c>qemu-aarch64</c>.</summary>
    Qemu = 4,

    /// <summary><c>aarch64-linux-gnu-gcc</c> with the arm64 libc for static links.</summary>
    CrossGcc = 8,

    /// <summary>A host CPU that runs x86-64-v3 code (AVX2 and FMA).</summary>
    HostX86V3 = 16,
}

/// <summary>Finds the native tools and says why a test cannot run.</summary>
public static class NativeTools
{
    /// <summary>The aarch64 cross compiler.</summary>
    public const string CrossGcc = "aarch64-linux-gnu-gcc";

    /// <summary>The user-mode emulator, always called explicitly (binfmt_misc is usually absent in containers).</summary>
    public const string Qemu = "qemu-aarch64";

    /// <summary>Why the tools are not all present, or null.</summary>
    public static string? MissingReason(Tool tools)
    {
        if (tools.HasFlag(Tool.Llvm) && !LlvmLibrary.TryLoad(out var reason))
        {
            return reason;
        }

        if (tools.HasFlag(Tool.Lld) && new Linker().FindLinker() is null)
        {
            return $"'{new Linker().LinkerName}' not found (install lld-19: scripts/setup.sh)";
        }

        if (tools.HasFlag(Tool.Qemu) && Linker.FindExecutable(Qemu) is null)
        {
            return $"'{Qemu}' not found (install qemu-user: scripts/setup.sh)";
        }

        if (tools.HasFlag(Tool.CrossGcc) && (Linker.FindExecutable(CrossGcc) is null || !File.Exists("/usr/aarch64-linux-gnu/lib/libc.a")))
        {
            return $"'{CrossGcc}' or the arm64 static libc not found (install gcc-aarch64-linux-gnu and libc6-dev-arm64-cross: scripts/setup.sh)";
        }

        if (tools.HasFlag(Tool.HostX86V3) && !(Avx2.IsSupported && Fma.IsSupported))
        {
            return "the host CPU cannot run x86-64-v3 code (needs AVX2 and FMA)";
        }

        return null;
    }
}

/// <summary>A fact needing native tools: skipped with the reason when they are missing, unless <c>CI=true</c> (then it runs and fails).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NativeFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NativeFactAttribute(Tool tools) => Skip = TestEnvironment.IsCi ? null : NativeTools.MissingReason(tools);
}

/// <summary>A fact that runs ptxas (from <c>QC_PTXAS</c>); skipped when it is not available, also in CI (ptxas is non-free
/// and optional).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PtxasFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PtxasFactAttribute() => Skip = Ptxas is null || NativeTools.MissingReason(Tool.Llvm) is not null
        ? "ptxas not available: PTX validation skipped"
        : null;

    /// <summary>The ptxas binary named by <c>QC_PTXAS</c>, when it exists.</summary>
    public static string? Ptxas => Environment.GetEnvironmentVariable("QC_PTXAS") is { Length: > 0 } p && File.Exists(p) ? p : null;
}
