using System.Runtime.InteropServices;
using Qc.Codegen.Llvm.Interop;

namespace Qc.Codegen.Llvm;

/// <summary>Loading LLVM 19 and initialising its X86, AArch64 and NVPTX targets, once per process.</summary>
public static class LlvmLibrary
{
    private static readonly object s_lock = new();
    private static bool s_initialised;

    /// <summary>The library file used: <c>LLVM_C_LIB</c> or <c>libLLVM.so.19.1</c>.</summary>
    public static string Path => LlvmApi.LibraryPath;

    /// <summary>True when the library loads; otherwise <paramref name="reason"/> says why (for QC6010 and test skips).</summary>
    public static bool TryLoad(out string reason)
    {
        if (NativeLibrary.TryLoad(LlvmApi.LibraryPath, out _))
        {
            reason = "";
            return true;
        }

        reason = $"'{LlvmApi.LibraryPath}' cannot be loaded (install libllvm19 or set LLVM_C_LIB)";
        return false;
    }

    /// <summary>Registers the three targets with LLVM (12 exported init functions; the <c>InitializeAll*</c> helpers are
    /// header-only inlines and not exported). Safe to call from any thread, any number of times.</summary>
    public static void EnsureInitialised()
    {
        lock (s_lock)
        {
            if (s_initialised)
            {
                return;
            }

            if (!TryLoad(out var reason))
            {
                throw new LlvmException(reason);
            }

            LlvmApi.LLVMInitializeX86TargetInfo();
            LlvmApi.LLVMInitializeX86Target();
            LlvmApi.LLVMInitializeX86TargetMC();
            LlvmApi.LLVMInitializeX86AsmPrinter();
            LlvmApi.LLVMInitializeAArch64TargetInfo();
            LlvmApi.LLVMInitializeAArch64Target();
            LlvmApi.LLVMInitializeAArch64TargetMC();
            LlvmApi.LLVMInitializeAArch64AsmPrinter();
            LlvmApi.LLVMInitializeNVPTXTargetInfo();
            LlvmApi.LLVMInitializeNVPTXTarget();
            LlvmApi.LLVMInitializeNVPTXTargetMC();
            LlvmApi.LLVMInitializeNVPTXAsmPrinter();
            s_initialised = true;
        }
    }

    /// <summary>The host CPU name as LLVM 19 reports it (<c>LLVMGetHostCPUName</c>), unvalidated.</summary>
    public static string HostCpuName() => LlvmApi.TakeMessage(LlvmApi.LLVMGetHostCPUName());

    /// <summary>The target for this machine: LLVM's host CPU name mapped through the allow-list (specs/targets.md).</summary>
    public static TargetName? ResolveHost(out Qc.Core.Diagnostics.Diagnostic? diagnostic) =>
        TargetName.ResolveHost(RuntimeInformation.ProcessArchitecture, HostCpuName(), HostCpuFeatures(), out diagnostic);

    /// <summary>The host CPU features as LLVM 19 reports them (<c>+avx2,-avx512f,...</c>).</summary>
    public static string HostCpuFeatures() => LlvmApi.TakeMessage(LlvmApi.LLVMGetHostCPUFeatures());
}
