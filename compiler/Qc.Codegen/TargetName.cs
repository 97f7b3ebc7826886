using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Qc.Core.Diagnostics;

namespace Qc.Codegen;

/// <summary>A validated target name, <c>triple:cpu[+feature,-feature]</c> (specs/targets.md).</summary>
/// <remarks>Instances exist only through <see cref="TryParse"/> and <see cref="ResolveHost"/>, so every CPU and feature
/// name in one is on the allow-list of LLVM 19: nothing unvalidated can reach LLVM, which aborts on unknown CPUs.</remarks>
public sealed class TargetName : IEquatable<TargetName>
{
    private TargetName(TargetArchitecture architecture, string cpu, ImmutableArray<string> features)
    {
        Architecture = architecture;
        Cpu = cpu;
        Features = features;
    }

    /// <summary>The architecture.</summary>
    public TargetArchitecture Architecture { get; }

    /// <summary>The canonical triple as users write it (<c>x86_64-linux-gnu</c>).</summary>
    public string Triple => TargetCatalog.CanonicalTriple(Architecture);

    /// <summary>The CPU (or <c>sm_XX</c> GPU) name, on the allow-list.</summary>
    public string Cpu { get; }

    /// <summary>Requested features with their sign (<c>+avx512f</c>, <c>-avx2</c>, <c>+ptx78</c>), in the order given.</summary>
    public ImmutableArray<string> Features { get; }

    /// <summary>Parses and validates a target name; on failure <paramref name="error"/> is a QC60xx diagnostic with a hint.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out TargetName? target, [NotNullWhen(false)] out Diagnostic? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        target = null;
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = CodegenDiagnostics.Malformed(text, colon == 0 ? "the triple is empty" : "expected 'triple:cpu'");
            return false;
        }

        var triple = trimmed[..colon];
        var rest = trimmed[(colon + 1)..];
        string cpu;
        string? featureText = null;
        var second = rest.IndexOf(':', StringComparison.Ordinal);
        var plus = rest.IndexOf('+', StringComparison.Ordinal);
        if (second >= 0)
        {
            cpu = rest[..second];
            featureText = rest[(second + 1)..];
        }
        else if (plus >= 0)
        {
            cpu = rest[..plus];
            featureText = rest[plus..];
        }
        else
        {
            cpu = rest;
        }

        if (!TargetCatalog.Triples.TryGetValue(triple, out var entry))
        {
            error = CodegenDiagnostics.Triple(triple);
            return false;
        }

        var architecture = entry.Architecture;
        if (cpu.Length == 0)
        {
            error = CodegenDiagnostics.Malformed(text, "the CPU name is empty");
            return false;
        }

        if (!TargetCatalog.IsKnownCpu(architecture, cpu))
        {
            error = CodegenDiagnostics.Cpu(architecture, cpu);
            return false;
        }

        var features = ImmutableArray.CreateBuilder<string>();
        if (featureText is not null)
        {
            foreach (var item in featureText.Split(','))
            {
                if (item.Length < 2 || (item[0] != '+' && item[0] != '-'))
                {
                    error = CodegenDiagnostics.Malformed(text, $"feature '{item}' must be '+name' or '-name'");
                    return false;
                }

                var name = item[1..];
                if (!TargetCatalog.IsKnownFeature(architecture, name))
                {
                    error = CodegenDiagnostics.Feature(architecture, name);
                    return false;
                }

                if (architecture == TargetArchitecture.Nvptx64)
                {
                    if (item[0] == '-')
                    {
                        error = CodegenDiagnostics.Malformed(text, $"a PTX version can only be requested ('+{name}')");
                        return false;
                    }

                    if (features.Count > 0)
                    {
                        error = CodegenDiagnostics.Malformed(text, "more than one PTX version");
                        return false;
                    }

                    var requested = PtxNumber(name);
                    var minimum = TargetCatalog.SmMinimumPtx[cpu];
                    if (requested < minimum)
                    {
                        error = CodegenDiagnostics.Ptx(cpu, requested, minimum);
                        return false;
                    }
                }

                features.Add(item);
            }
        }

        target = new TargetName(architecture, cpu, features.ToImmutable());
        error = null;
        return true;
    }

    /// <summary>True for the word <c>host</c>: the machine qc runs on (see <see cref="ResolveHost"/>).</summary>
    public static bool IsHost(string text) => string.Equals(text?.Trim(), "host", StringComparison.Ordinal);

    /// <summary>The target for this machine, from the CPU name LLVM reports for it (<c>LLVMGetHostCPUName</c>).</summary>
    /// <remarks>A name not on the allow-list gives the baseline CPU of the architecture and a QC6006 warning; an
    /// architecture qc does not generate code for gives null and QC6007. <paramref name="hostFeatures"/> is LLVM's
    /// <c>LLVMGetHostCPUFeatures</c> answer: a virtual machine may hide AVX-512 or AVX2 from a CPU that has them, and
    /// code for the CPU name alone would then fault, so those vector features are switched off when the host lacks them.</remarks>
    public static TargetName? ResolveHost(Architecture processArchitecture, string hostCpuName, string? hostFeatures, out Diagnostic? diagnostic)
    {
        ArgumentNullException.ThrowIfNull(hostCpuName);
        TargetArchitecture architecture;
        string fallback;
        switch (processArchitecture)
        {
            case System.Runtime.InteropServices.Architecture.X64:
                architecture = TargetArchitecture.X86_64;
                fallback = "x86-64";
                break;
            case System.Runtime.InteropServices.Architecture.Arm64:
                architecture = TargetArchitecture.AArch64;
                fallback = "generic";
                break;
            default:
                diagnostic = CodegenDiagnostics.Host(processArchitecture.ToString().ToLowerInvariant());
                return null;
        }

        var cpu = hostCpuName;
        diagnostic = null;
        if (!TargetCatalog.IsKnownCpu(architecture, cpu))
        {
            diagnostic = CodegenDiagnostics.HostCpu(hostCpuName, fallback);
            cpu = fallback;
        }

        var features = ImmutableArray.CreateBuilder<string>();
        if (architecture == TargetArchitecture.X86_64 && hostFeatures is not null)
        {
            var host = hostFeatures.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var vector = TargetCatalog.CpuVectorBits(architecture, cpu);
            if (vector == 512 && host.Contains("-avx512f"))
            {
                features.Add("-avx512f");
            }

            if (vector >= 256 && host.Contains("-avx2"))
            {
                features.Add("-avx2");
            }
        }

        return new TargetName(architecture, cpu, features.ToImmutable());
    }

    /// <summary>The descriptor code generation works from.</summary>
    public TargetDescriptor ToDescriptor() => TargetDescriptor.From(this);

    /// <summary>The canonical text: <c>triple:cpu</c> plus <c>+f,-g</c> when features were given.</summary>
    public override string ToString() => Features.IsEmpty ? $"{Triple}:{Cpu}" : $"{Triple}:{Cpu}{(Features[0][0] == '+' ? "" : ":")}{string.Join(',', Features)}";

    /// <inheritdoc/>
    public bool Equals(TargetName? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TargetName);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    internal static int PtxNumber(string feature) => int.Parse(feature.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
}
