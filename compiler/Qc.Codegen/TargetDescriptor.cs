using System.Collections.Immutable;

namespace Qc.Codegen;

/// <summary>Everything code generation needs to know about one target: LLVM triple, CPU, features and capabilities.</summary>
/// <remarks>Created only from a validated <see cref="TargetName"/>; the properties are read-only, so a <c>with</c>
/// expression cannot put an unvalidated CPU name into one.</remarks>
public sealed record TargetDescriptor
{
    private TargetDescriptor(TargetName name, string llvmTriple, string features, int vectorBits, bool fp16, bool bf16, int? ptxVersion)
    {
        Name = name;
        LlvmTriple = llvmTriple;
        Features = features;
        VectorBits = vectorBits;
        SupportsFp16 = fp16;
        SupportsBf16 = bf16;
        PtxVersion = ptxVersion;
    }

    /// <summary>The validated name this descriptor was made from.</summary>
    public TargetName Name { get; }

    /// <summary>The architecture.</summary>
    public TargetArchitecture Architecture => Name.Architecture;

    /// <summary>The triple handed to LLVM (<c>x86_64-unknown-linux-gnu</c>).</summary>
    public string LlvmTriple { get; }

    /// <summary>The CPU name handed to LLVM (on the allow-list).</summary>
    public string Cpu => Name.Cpu;

    /// <summary>The feature string handed to LLVM (<c>+avx512f,-avx2</c>; for PTX always includes <c>+ptxNN</c>).</summary>
    public string Features { get; }

    /// <summary>Widest float vector register in bits (512 AVX-512, 256 AVX/AVX2, 128 SSE/NEON; 32 for a GPU thread).</summary>
    public int VectorBits { get; }

    /// <summary>Native half-precision arithmetic.</summary>
    public bool SupportsFp16 { get; }

    /// <summary>Native bfloat16 arithmetic or dot products.</summary>
    public bool SupportsBf16 { get; }

    /// <summary>A GPU target: kernels are PTX entry points, not functions in a shared object.</summary>
    public bool IsGpu => Architecture == TargetArchitecture.Nvptx64;

    /// <summary>Pointer size in bits.</summary>
    public int PointerBits => 64;

    /// <summary>The value of the function attribute <c>"prefer-vector-width"</c> (512 on AVX-512 CPUs, where LLVM
    /// would otherwise stay at 256 bits), or null to leave LLVM's choice.</summary>
    public int? PreferVectorWidth => Architecture == TargetArchitecture.X86_64 && VectorBits == 512 ? 512 : null;

    /// <summary>PTX ISA version times ten (78 for PTX 7.8), for NVPTX only.</summary>
    public int? PtxVersion { get; }

    /// <summary>True when the output is text (PTX) rather than an object file.</summary>
    public bool EmitsText => IsGpu;

    internal static TargetDescriptor From(TargetName name)
    {
        var arch = name.Architecture;
        var cpu = name.Cpu;
        var vector = TargetCatalog.CpuVectorBits(arch, cpu);
        var fp16 = TargetCatalog.CpuHasFp16(arch, cpu);
        var bf16 = TargetCatalog.CpuHasBf16(arch, cpu);
        var features = name.Features;
        int? ptx = null;
        foreach (var f in features)
        {
            var on = f[0] == '+';
            switch (arch, f[1..])
            {
                case (TargetArchitecture.X86_64, "avx512f"):
                    vector = on ? 512 : Math.Min(vector, 256);
                    break;
                case (TargetArchitecture.X86_64, "avx" or "avx2"):
                    vector = on ? Math.Max(vector, 256) : (f == "-avx" ? 128 : vector);
                    break;
                case (TargetArchitecture.X86_64, "avx512fp16") or (TargetArchitecture.AArch64, "fullfp16"):
                    fp16 = on;
                    break;
                case (TargetArchitecture.X86_64, "avx512bf16") or (TargetArchitecture.AArch64, "bf16"):
                    bf16 = on;
                    break;
                case (TargetArchitecture.Nvptx64, var p):
                    ptx = TargetName.PtxNumber(p);
                    break;
            }
        }

        if (arch == TargetArchitecture.Nvptx64 && ptx is null)
        {
            ptx = TargetCatalog.SmMinimumPtx[cpu];
            features = [$"+ptx{ptx}"];
        }

        var llvmTriple = TargetCatalog.Triples[name.Triple].LlvmTriple;
        return new TargetDescriptor(name, llvmTriple, string.Join(',', features), vector, fp16, bf16, ptx);
    }

    /// <summary>The supported default targets, for listings (<c>qc targets</c>) and tests.</summary>
    public static ImmutableArray<string> Examples { get; } =
        ["x86_64-linux-gnu:znver4", "x86_64-linux-gnu:x86-64-v3", "aarch64-linux-gnu:neoverse-n1", "nvptx64-nvidia-cuda:sm_80"];
}
