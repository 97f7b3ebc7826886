using System.Runtime.InteropServices;
using Qc.Codegen.Llvm;
using Xunit;

namespace Qc.Testing;

/// <summary>Whether tests can build real x86-64 shared objects (qc's LLVM 19 bindings and ld.lld-19) and load them here.</summary>
public static class NativeToolchain
{
    /// <summary>Why real x86-64 packages cannot be built and run here (not an x86-64 host, no LLVM 19, no ld.lld-19), or null;
    /// <paramref name="notX64"/> is the reason given on another host.</summary>
    public static string? MissingReason(string notX64 = "the test kernels are x86-64 code")
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return notX64;
        }

        if (!LlvmLibrary.TryLoad(out var reason))
        {
            return reason;
        }

        return new Linker().FindLinker() is null ? "'ld.lld-19' not found (install lld-19: scripts/setup.sh)" : null;
    }
}

/// <summary>A fact that builds and runs real x86-64 packages (LLVM 19, ld.lld-19, an x86-64 host): skipped with the reason
/// when they are missing, unless <c>CI=true</c> (then it runs and fails).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NativeFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NativeFactAttribute() => Skip = TestEnvironment.IsCi ? null : NativeToolchain.MissingReason();
}

/// <summary>A <see cref="NativeFactAttribute"/> that also needs ONNX Runtime.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NativeOrtFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NativeOrtFactAttribute() => Skip = TestEnvironment.IsCi ? null : NativeToolchain.MissingReason() ?? TestEnvironment.MissingReason(true, []);
}
