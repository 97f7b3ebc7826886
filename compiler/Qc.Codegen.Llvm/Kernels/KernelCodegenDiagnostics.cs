using Qc.Core.Diagnostics;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>The wording of the kernel code generation diagnostics (QC61xx, specs/diagnostics.md).</summary>
public static class KernelCodegenDiagnostics
{
    /// <summary>QC6101: the kernel module does not verify, so it is not compiled (the verifier's diagnostics follow).</summary>
    public const int InvalidModule = 6101;

    /// <summary>QC6102: the generated object needs a symbol from outside (libm, compiler runtime) that packages do not link.</summary>
    public const int ExternalSymbol = 6102;

    internal static Diagnostic Invalid(string module, int errors) => new(new DiagnosticCode(InvalidModule), Severity.Error, Location.None,
        $"kernel module '{module}' has {errors} verifier error(s); it is not compiled",
        "this is a bug in the stage that produced the kernel IR; the verifier's diagnostics follow");

    internal static Diagnostic External(string target, IEnumerable<string> symbols) => new(new DiagnosticCode(ExternalSymbol), Severity.Error, Location.None,
        $"code for '{target}' needs external symbols that a package cannot provide: {string.Join(", ", symbols)}",
        "the CPU lacks an instruction the kernel needs (e.g. 'fmaf' without FMA3); choose a newer CPU such as x86-64-v3");
}
