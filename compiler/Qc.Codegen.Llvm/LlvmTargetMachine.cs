using Qc.Codegen.Llvm.Interop;

namespace Qc.Codegen.Llvm;

/// <summary>An LLVM target machine for one validated target (O3, PIC, default code model).</summary>
/// <remarks>The only path to <c>LLVMCreateTargetMachine</c>. It takes a <see cref="TargetDescriptor"/>, which exists only
/// for names that passed <see cref="TargetName.TryParse"/>, and checks the CPU against the allow-list once more, because
/// LLVM aborts the process on a CPU name it does not know.</remarks>
public sealed class LlvmTargetMachine : IDisposable
{
    private readonly LlvmHandle _handle;

    /// <summary>Creates the target machine for <paramref name="target"/>.</summary>
    public LlvmTargetMachine(TargetDescriptor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!TargetCatalogAccess.IsKnownCpu(target))
        {
            throw new LlvmException($"refusing to pass unvalidated CPU '{target.Cpu}' to LLVM");
        }

        LlvmLibrary.EnsureInitialised();
        Target = target;
        if (LlvmApi.LLVMGetTargetFromTriple(target.LlvmTriple, out var llvmTarget, out var error) != 0)
        {
            throw new LlvmException($"no LLVM target for '{target.LlvmTriple}': {LlvmApi.TakeMessage(error)}");
        }

        var tm = LlvmApi.LLVMCreateTargetMachine(llvmTarget, target.LlvmTriple, target.Cpu, target.Features,
            LlvmApi.OptAggressive, LlvmApi.RelocPic, LlvmApi.CodeModelDefault);
        _handle = new LlvmHandle(tm, LlvmApi.LLVMDisposeTargetMachine, "target machine");
    }

    /// <summary>The target this machine generates code for.</summary>
    public TargetDescriptor Target { get; }

    internal IntPtr Pointer => _handle.Pointer;

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}

/// <summary>The allow-list check, through the public surface of Qc.Codegen.</summary>
internal static class TargetCatalogAccess
{
    /// <summary>True when parsing the descriptor's own name again succeeds with the same CPU.</summary>
    public static bool IsKnownCpu(TargetDescriptor target) =>
        TargetName.TryParse($"{target.Name.Triple}:{target.Cpu}", out var again, out _) && again.Cpu == target.Cpu;
}
