using System.Collections.Frozen;

namespace Qc.Codegen;

/// <summary>What qc knows about LLVM 19's targets: accepted triples, CPU and feature allow-lists, vector widths, PTX versions.</summary>
/// <remarks>A CPU name unknown to LLVM aborts the whole process inside LLVM, so every name is checked here before any
/// LLVM call. The lists are data measured with llc 19 (<c>TargetCatalog.Data.cs</c>).</remarks>
internal static partial class TargetCatalog
{
    /// <summary>Triples as users write them, with the architecture and the triple handed to LLVM.</summary>
    public static readonly FrozenDictionary<string, (TargetArchitecture Architecture, string LlvmTriple)> Triples =
        new Dictionary<string, (TargetArchitecture, string)>(StringComparer.Ordinal)
        {
            ["x86_64-linux-gnu"] = (TargetArchitecture.X86_64, "x86_64-unknown-linux-gnu"),
            ["x86_64-unknown-linux-gnu"] = (TargetArchitecture.X86_64, "x86_64-unknown-linux-gnu"),
            ["x86_64-pc-linux-gnu"] = (TargetArchitecture.X86_64, "x86_64-unknown-linux-gnu"),
            ["aarch64-linux-gnu"] = (TargetArchitecture.AArch64, "aarch64-unknown-linux-gnu"),
            ["aarch64-unknown-linux-gnu"] = (TargetArchitecture.AArch64, "aarch64-unknown-linux-gnu"),
            ["nvptx64-nvidia-cuda"] = (TargetArchitecture.Nvptx64, "nvptx64-nvidia-cuda"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The canonical spelling of each architecture's triple (used in target names qc prints).</summary>
    public static string CanonicalTriple(TargetArchitecture architecture) => architecture switch
    {
        TargetArchitecture.X86_64 => "x86_64-linux-gnu",
        TargetArchitecture.AArch64 => "aarch64-linux-gnu",
        TargetArchitecture.Nvptx64 => "nvptx64-nvidia-cuda",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>NVPTX processors LLVM 19 knows, with the lowest PTX ISA version (times ten) that supports each.</summary>
    /// <remarks>From the PTX ISA release notes; LLVM itself does not check the pairing and writes PTX ptxas rejects.</remarks>
    public static readonly FrozenDictionary<string, int> SmMinimumPtx = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["sm_20"] = 32, ["sm_21"] = 32, ["sm_30"] = 32, ["sm_32"] = 40, ["sm_35"] = 32, ["sm_37"] = 41,
        ["sm_50"] = 40, ["sm_52"] = 41, ["sm_53"] = 42, ["sm_60"] = 50, ["sm_61"] = 50, ["sm_62"] = 50,
        ["sm_70"] = 60, ["sm_72"] = 61, ["sm_75"] = 63, ["sm_80"] = 70, ["sm_86"] = 71, ["sm_87"] = 74,
        ["sm_89"] = 78, ["sm_90"] = 78, ["sm_90a"] = 80,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Hash sets over the data arrays, built on first use (after the arrays of the other partial file).</summary>
    private static class Sets
    {
        public static readonly FrozenSet<string> X86Cpus = s_x86Cpus.ToFrozenSet(StringComparer.Ordinal);
        public static readonly FrozenSet<string> AArch64Cpus = s_aarch64Cpus.ToFrozenSet(StringComparer.Ordinal);
        public static readonly FrozenSet<string> X86Features = s_x86Features.ToFrozenSet(StringComparer.Ordinal);
        public static readonly FrozenSet<string> AArch64Features = s_aarch64Features.ToFrozenSet(StringComparer.Ordinal);
        public static readonly FrozenSet<string> PtxFeatures = s_ptxFeatures.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The CPU names accepted for an architecture, sorted.</summary>
    public static IReadOnlyList<string> Cpus(TargetArchitecture architecture) => architecture switch
    {
        TargetArchitecture.X86_64 => s_x86Cpus,
        TargetArchitecture.AArch64 => s_aarch64Cpus,
        TargetArchitecture.Nvptx64 => [.. SmMinimumPtx.Keys.Order(StringComparer.Ordinal)],
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>The feature names (without sign) accepted for an architecture, sorted.</summary>
    public static IReadOnlyList<string> Features(TargetArchitecture architecture) => architecture switch
    {
        TargetArchitecture.X86_64 => s_x86Features,
        TargetArchitecture.AArch64 => s_aarch64Features,
        TargetArchitecture.Nvptx64 => s_ptxFeatures,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>True when LLVM 19 accepts the CPU name for the architecture.</summary>
    public static bool IsKnownCpu(TargetArchitecture architecture, string cpu) => architecture switch
    {
        TargetArchitecture.X86_64 => Sets.X86Cpus.Contains(cpu),
        TargetArchitecture.AArch64 => Sets.AArch64Cpus.Contains(cpu),
        TargetArchitecture.Nvptx64 => SmMinimumPtx.ContainsKey(cpu),
        _ => false,
    };

    /// <summary>True when the feature name (without sign) is known for the architecture.</summary>
    public static bool IsKnownFeature(TargetArchitecture architecture, string feature) => architecture switch
    {
        TargetArchitecture.X86_64 => Sets.X86Features.Contains(feature),
        TargetArchitecture.AArch64 => Sets.AArch64Features.Contains(feature),
        TargetArchitecture.Nvptx64 => Sets.PtxFeatures.Contains(feature),
        _ => false,
    };

    /// <summary>Widest float vector in bits the CPU uses without feature changes.</summary>
    public static int CpuVectorBits(TargetArchitecture architecture, string cpu) => architecture switch
    {
        TargetArchitecture.X86_64 when s_x86Avx512Cpus.Contains(cpu) => 512,
        TargetArchitecture.X86_64 when s_x86Avx256Cpus.Contains(cpu) => 256,
        TargetArchitecture.X86_64 => 128,
        TargetArchitecture.AArch64 => 128,
        TargetArchitecture.Nvptx64 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>True when the CPU has native half-precision arithmetic.</summary>
    public static bool CpuHasFp16(TargetArchitecture architecture, string cpu) => architecture switch
    {
        TargetArchitecture.X86_64 => s_x86Fp16Cpus.Contains(cpu),
        TargetArchitecture.AArch64 => s_aarch64Fp16Cpus.Contains(cpu),
        TargetArchitecture.Nvptx64 => SmNumber(cpu) >= 53,
        _ => false,
    };

    /// <summary>True when the CPU has native bfloat16 arithmetic or dot products.</summary>
    public static bool CpuHasBf16(TargetArchitecture architecture, string cpu) => architecture switch
    {
        TargetArchitecture.X86_64 => s_x86Bf16Cpus.Contains(cpu),
        TargetArchitecture.AArch64 => s_aarch64Bf16Cpus.Contains(cpu),
        TargetArchitecture.Nvptx64 => SmNumber(cpu) >= 80,
        _ => false,
    };

    /// <summary>The number of an <c>sm_XX</c> name (90 for <c>sm_90a</c>).</summary>
    public static int SmNumber(string sm) => int.Parse(sm.AsSpan(3, 2), System.Globalization.CultureInfo.InvariantCulture);
}
