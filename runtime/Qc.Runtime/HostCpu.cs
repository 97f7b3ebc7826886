using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Qc.Package;

namespace Qc.Runtime;

/// <summary>This host's architecture and CPU features, and which CPU targets of a package it can run.</summary>
/// <remarks>Features use the Linux <c>/proc/cpuinfo</c> vocabulary (<c>avx512f</c>, <c>avx512_vnni</c>, <c>asimddp</c>,
/// <c>sve</c>). x86 features come from <c>System.Runtime.Intrinsics</c> (which also checks OS support for the wide
/// registers), completed from <c>/proc/cpuinfo</c> for the ones .NET does not expose; aarch64 features from
/// <c>/proc/cpuinfo</c>, with <c>AdvSimd</c>/<c>Dp</c>/<c>Rdm</c> as a fallback.</remarks>
public sealed class HostCpu
{
    private static readonly Lazy<HostCpu> s_current = new(Detect);

    /// <summary>The CPU names the runtime knows, with the features their code may use and a rank (higher is better).</summary>
    private static readonly Dictionary<string, (string Arch, int Rank, string[] Features)> s_cpus = BuildTable();

    /// <summary>Creates a description of a CPU (for tests: <see cref="Current"/> describes this host).</summary>
    public HostCpu(string architecture, IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(features);
        Architecture = architecture;
        Features = new SortedSet<string>(features, StringComparer.Ordinal);
    }

    /// <summary>This host.</summary>
    public static HostCpu Current => s_current.Value;

    /// <summary>The triple's architecture part this host runs: <c>x86_64</c>, <c>aarch64</c> or another name.</summary>
    public string Architecture { get; }

    /// <summary>The CPU features found, in <c>/proc/cpuinfo</c> names.</summary>
    public IReadOnlySet<string> Features { get; }

    /// <summary>Whether a CPU target (<c>x86_64-linux-gnu:znver4</c>, <c>x86_64-linux-gnu:znver3+avx512f</c>) can run
    /// here, with its rank (higher is better) or the reason it cannot.</summary>
    public bool CanRun(string targetName, out int rank, out string reason) => CanRun(targetName, out rank, out reason, out _);

    /// <summary><see cref="CanRun(string, out int, out string)"/>, also saying whether the CPU name is known at all.</summary>
    internal bool CanRun(string targetName, out int rank, out string reason, out bool knownCpu)
    {
        ArgumentNullException.ThrowIfNull(targetName);
        rank = 0;
        knownCpu = false;
        var colon = targetName.IndexOf(':', StringComparison.Ordinal);
        var rest = colon < 0 ? "" : targetName[(colon + 1)..];
        var arch = ArchitectureOf(targetName);
        if (arch != Architecture)
        {
            reason = $"it is for {arch}, this host is {Architecture}";
            return false;
        }

        // cpu, then "+a,-b" directly or after a second ':'
        var cut = rest.IndexOfAny([':', '+']);
        var cpu = cut < 0 ? rest : rest[..cut];
        var featureText = cut < 0 ? "" : rest[cut..].TrimStart(':');
        if (!s_cpus.TryGetValue(cpu, out var entry) || entry.Arch != arch)
        {
            reason = $"CPU '{cpu}' is not known to this runtime (name the target explicitly to run it anyway)";
            return false;
        }

        knownCpu = true;
        var required = new List<string>(entry.Features);
        foreach (var f in featureText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (f.StartsWith('-'))
            {
                required.Remove(CpuinfoName(f[1..]));
            }
            else if (f.StartsWith('+'))
            {
                required.Add(CpuinfoName(f[1..]));
            }
        }

        var missing = required.Where(f => !Features.Contains(f)).Distinct().ToList();
        if (missing.Count > 0)
        {
            reason = $"this host lacks {string.Join(", ", missing)}";
            return false;
        }

        rank = entry.Rank;
        reason = "";
        return true;
    }

    /// <summary>The best CPU target of a manifest for this host (highest rank, then first listed), or null with the reasons.</summary>
    public ManifestTarget? SelectTarget(PackageManifest manifest, out string reasons)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ManifestTarget? best = null;
        var bestRank = int.MinValue;
        var why = new List<string>();
        foreach (var t in manifest.Targets)
        {
            if (t.Kind != TargetKind.Cpu)
            {
                why.Add($"'{t.Name}' is a {t.Kind.ToString().ToLowerInvariant()} target (select it explicitly)");
                continue;
            }

            if (!CanRun(t.Name, out var rank, out var reason))
            {
                why.Add($"'{t.Name}': {reason}");
                continue;
            }

            if (rank > bestRank)
            {
                best = t;
                bestRank = rank;
            }
        }

        reasons = string.Join("; ", why);
        return best;
    }

    /// <summary>The architecture part of a target name's triple (<c>x86_64</c>).</summary>
    internal static string ArchitectureOf(string targetName) => targetName.Split(':')[0].Split('-')[0];

    /// <summary>The <c>/proc/cpuinfo</c> name of an LLVM feature name (<c>avx512vnni</c> → <c>avx512_vnni</c>).</summary>
    internal static string CpuinfoName(string llvmFeature) => llvmFeature switch
    {
        "avx512vnni" => "avx512_vnni",
        "avx512bf16" => "avx512_bf16",
        "avx512fp16" => "avx512_fp16",
        "avx512vbmi2" => "avx512_vbmi2",
        "avx512bitalg" => "avx512_bitalg",
        "avx512vpopcntdq" => "avx512_vpopcntdq",
        "avxvnni" => "avx_vnni",
        "sse4.1" => "sse4_1",
        "sse4.2" => "sse4_2",
        "bmi" => "bmi1",
        "neon" => "asimd",
        "dotprod" => "asimddp",
        "fullfp16" => "asimdhp",
        "rdm" => "asimdrdm",
        "bf16" => "bf16",
        _ => llvmFeature,
    };

    private static HostCpu Detect()
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        var cpuinfo = ReadCpuinfoFlags();
        switch (RuntimeInformation.ProcessArchitecture)
        {
            case System.Runtime.InteropServices.Architecture.X64:
                AddIf(features, Sse2.IsSupported, "sse2");
                AddIf(features, Sse3.IsSupported, "pni");
                AddIf(features, Ssse3.IsSupported, "ssse3");
                AddIf(features, Sse41.IsSupported, "sse4_1");
                AddIf(features, Sse42.IsSupported, "sse4_2");
                AddIf(features, Popcnt.IsSupported, "popcnt");
                AddIf(features, Avx.IsSupported, "avx");
                AddIf(features, Avx2.IsSupported, "avx2");
                AddIf(features, Fma.IsSupported, "fma");
                AddIf(features, Bmi1.IsSupported, "bmi1");
                AddIf(features, Bmi2.IsSupported, "bmi2");
                AddIf(features, Lzcnt.IsSupported, "abm");
                AddIf(features, Avx512F.IsSupported, "avx512f");
                AddIf(features, Avx512BW.IsSupported, "avx512bw");
                AddIf(features, Avx512CD.IsSupported, "avx512cd");
                AddIf(features, Avx512DQ.IsSupported, "avx512dq");
                AddIf(features, Avx512F.VL.IsSupported, "avx512vl");
                AddIf(features, Avx512Vbmi.IsSupported, "avx512vbmi");
                if (Avx2.IsSupported)
                {
                    // F16C and MOVBE come with every AVX2 CPU; .NET does not expose them.
                    features.Add("f16c");
                    features.Add("movbe");
                }

                if (Avx512F.IsSupported)
                {
                    // Extensions .NET does not expose: trust /proc/cpuinfo once the OS has enabled AVX-512 state.
                    features.UnionWith(cpuinfo.Where(f => f.StartsWith("avx512", StringComparison.Ordinal)));
                }

                return new HostCpu("x86_64", features);
            case System.Runtime.InteropServices.Architecture.Arm64:
                if (cpuinfo.Count > 0)
                {
                    features.UnionWith(cpuinfo);
                }
                else
                {
                    AddIf(features, AdvSimd.IsSupported, "asimd");
                    AddIf(features, Dp.IsSupported, "asimddp");
                    AddIf(features, Rdm.IsSupported, "asimdrdm");
                }

                return new HostCpu("aarch64", features);
            default:
                return new HostCpu(RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), features);
        }
    }

    private static void AddIf(HashSet<string> set, bool condition, string name)
    {
        if (condition)
        {
            set.Add(name);
        }
    }

    private static HashSet<string> ReadCpuinfoFlags()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists("/proc/cpuinfo"))
            {
                return result;
            }

            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("flags", StringComparison.Ordinal) || line.StartsWith("Features", StringComparison.Ordinal))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    result.UnionWith(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return result;
    }

    private static Dictionary<string, (string, int, string[])> BuildTable()
    {
        string[] v2 = ["sse4_2", "popcnt", "ssse3"];
        string[] v3 = [.. v2, "avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"];
        string[] v4 = [.. v3, "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];
        string[] icl = [.. v4, "avx512vbmi", "avx512_vbmi2", "avx512_vnni", "avx512_bitalg", "avx512_vpopcntdq"];
        string[] spr = [.. icl, "avx512_bf16", "avx512_fp16"];
        string[] zen4 = [.. icl, "avx512_bf16"];
        string[] a64 = ["asimd"];
        string[] n1 = [.. a64, "asimddp", "asimdrdm", "asimdhp"];
        string[] v1 = [.. n1, "sve"];
        var table = new Dictionary<string, (string, int, string[])>(StringComparer.Ordinal);
        void Add(string arch, int rank, string[] features, params string[] names)
        {
            foreach (var n in names)
            {
                table[n] = (arch, rank, features);
            }
        }

        Add("x86_64", 10, [], "x86-64", "generic");
        Add("x86_64", 20, v2, "x86-64-v2", "nehalem", "westmere", "sandybridge", "ivybridge");
        Add("x86_64", 30, v3, "x86-64-v3", "haswell", "broadwell", "skylake", "znver1", "znver2", "znver3");
        Add("x86_64", 40, v4, "x86-64-v4", "skylake-avx512", "skx");
        Add("x86_64", 41, [.. v4, "avx512_vnni"], "cascadelake");
        Add("x86_64", 42, [.. v4, "avx512_vnni", "avx512_bf16"], "cooperlake");
        Add("x86_64", 50, icl, "icelake-client", "icelake-server", "tigerlake", "rocketlake");
        Add("x86_64", 55, zen4, "znver4", "znver5");
        Add("x86_64", 60, spr, "sapphirerapids", "emeraldrapids", "graniterapids");
        Add("aarch64", 10, a64, "generic", "cortex-a53", "cortex-a55", "cortex-a57", "cortex-a72", "cortex-a73");
        Add("aarch64", 20, n1, "neoverse-n1", "neoverse-e1", "cortex-a75", "cortex-a76", "cortex-a77", "cortex-a78");
        Add("aarch64", 30, v1, "neoverse-v1", "neoverse-n2", "neoverse-v2");
        return table;
    }
}
