using Qc.Core.Diagnostics;

namespace Qc.Codegen;

/// <summary>The wording of every code generation diagnostic (QC60xx, specs/diagnostics.md).</summary>
public static class CodegenDiagnostics
{
    /// <summary>QC6001: a target name does not have the form <c>triple:cpu[+feature,-feature]</c>.</summary>
    public const int MalformedTarget = 6001;

    /// <summary>QC6002: the triple names no architecture qc generates code for.</summary>
    public const int UnknownTriple = 6002;

    /// <summary>QC6003: the CPU name is not one LLVM 19 knows for the architecture.</summary>
    public const int UnknownCpu = 6003;

    /// <summary>QC6004: a feature name is unknown for the architecture, or not allowed.</summary>
    public const int UnknownFeature = 6004;

    /// <summary>QC6005: the requested PTX version is older than the GPU needs.</summary>
    public const int PtxTooOld = 6005;

    /// <summary>QC6006 (warning): the host CPU is not in the allow-list; a generic CPU of the same architecture is used.</summary>
    public const int UnknownHostCpu = 6006;

    /// <summary>QC6007: the host architecture has no code generator.</summary>
    public const int UnsupportedHost = 6007;

    /// <summary>QC6010: the LLVM 19 library cannot be loaded.</summary>
    public const int LlvmUnavailable = 6010;

    /// <summary>QC6011: the linker <c>ld.lld-19</c> cannot be found.</summary>
    public const int LinkerMissing = 6011;

    /// <summary>QC6012: the linker failed.</summary>
    public const int LinkFailed = 6012;

    internal static Diagnostic Malformed(string text, string why) => Error(MalformedTarget,
        $"malformed target '{text}': {why}",
        "write 'triple:cpu' with optional features, e.g. 'x86_64-linux-gnu:znver4' or 'nvptx64-nvidia-cuda:sm_80+ptx78'");

    internal static Diagnostic Triple(string triple) => Error(UnknownTriple,
        $"unknown target triple '{triple}'",
        Hint(triple, TargetCatalog.Triples.Keys.Order(StringComparer.Ordinal), "supported:"));

    internal static Diagnostic Cpu(TargetArchitecture architecture, string cpu) => Error(UnknownCpu,
        $"unknown CPU '{cpu}' for {TargetCatalog.CanonicalTriple(architecture)}",
        Hint(cpu, TargetCatalog.Cpus(architecture), "known names (see specs/targets.md):"));

    internal static Diagnostic Feature(TargetArchitecture architecture, string feature) => Error(UnknownFeature,
        $"unknown target feature '{feature}' for {TargetCatalog.CanonicalTriple(architecture)}",
        Hint(feature, TargetCatalog.Features(architecture), "features are '+name' or '-name'; known:"));

    internal static Diagnostic Ptx(string sm, int requested, int minimum) => Error(PtxTooOld,
        $"PTX {requested / 10}.{requested % 10} is too old for '{sm}'",
        $"use '+ptx{minimum}' or newer, or leave the PTX version out to get it");

    internal static Diagnostic HostCpu(string hostCpu, string fallback) => new(new DiagnosticCode(UnknownHostCpu), Severity.Warning, Location.None,
        $"host CPU '{hostCpu}' is not in the allow-list of LLVM 19 CPU names; generating code for '{fallback}'",
        "name the target explicitly with --target");

    internal static Diagnostic Host(string architecture) => Error(UnsupportedHost,
        $"no code generator for the host architecture '{architecture}'",
        "name a target explicitly with --target, e.g. 'x86_64-linux-gnu:x86-64-v3'");

    /// <summary>QC6010 with LLVM's loader message.</summary>
    public static Diagnostic LlvmLibrary(string reason) => Error(LlvmUnavailable,
        $"cannot load LLVM 19: {reason}",
        "install libllvm19 (scripts/setup.sh) or point LLVM_C_LIB at libLLVM.so.19.1");

    /// <summary>QC6011 naming the linker that was looked for.</summary>
    public static Diagnostic Linker(string linker) => Error(LinkerMissing,
        $"linker '{linker}' not found",
        "install lld-19 (scripts/setup.sh) or set QC_LLD to the path of ld.lld");

    /// <summary>QC6012 with the linker's exit code and output.</summary>
    public static Diagnostic Link(int exitCode, string output) => Error(LinkFailed,
        $"linking failed with exit code {exitCode}: {output.Trim()}");

    private static Diagnostic Error(int code, string message, string? hint = null) =>
        new(new DiagnosticCode(code), Severity.Error, Location.None, message, hint);

    private static string Hint(string word, IEnumerable<string> candidates, string lead)
    {
        var all = candidates.ToList();
        var near = Spelling.Suggest(word, all);
        return near.Count > 0
            ? $"did you mean '{near[0]}'?" + (near.Count > 1 ? " other close names: " + string.Join(", ", near.Skip(1)) : "")
            : $"{lead} {string.Join(", ", all.Take(8))}{(all.Count > 8 ? ", ..." : "")}";
    }
}
