using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Ir.Kernel;

namespace Qc.Lowering;

/// <summary>What lowering produced: the kernel module and its memory plan (both null when there are errors), and diagnostics.</summary>
public sealed record LoweringResult(KernelModule? Module, MemoryPlan? MemoryPlan, ImmutableArray<Diagnostic> Diagnostics, LoweringStatistics Statistics)
{
    /// <summary>True when a module was produced.</summary>
    public bool Succeeded => Module is not null;
}

/// <summary>Counts of what the graph optimizations did.</summary>
/// <param name="FoldedOps">Ops evaluated at compile time (constant folding and shape-derived constants).</param>
/// <param name="FoldedBatchNorms">BatchNormalization ops folded into a preceding Conv, ConvTranspose or Gemm.</param>
/// <param name="FusedOps">Elementwise ops computed inside another op's kernel.</param>
/// <param name="RemovedOps">Ops removed because nothing used their results.</param>
/// <param name="Aliases">Reshape-like ops that became views of their input's buffer (no kernel).</param>
public sealed record LoweringStatistics(int FoldedOps, int FoldedBatchNorms, int FusedOps, int RemovedOps, int Aliases)
{
    /// <summary>Nothing done.</summary>
    public static LoweringStatistics Empty { get; } = new(0, 0, 0, 0, 0);
}
