using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Driver.Compile;
using Qc.Lowering;

namespace Qc.Driver.Emit;

/// <summary>What one target of a package holds.</summary>
/// <param name="Name">The canonical target name.</param>
/// <param name="Section">The code section (<c>code/&lt;triple&gt;/&lt;cpu&gt;.so</c> or <c>.ptx</c>).</param>
/// <param name="Kernels">Kernels in the schedule.</param>
/// <param name="CodeBytes">Size of the shared object or PTX text.</param>
/// <param name="VectorWidth">The f32 lanes the target was lowered with.</param>
/// <param name="Elapsed">Code generation time (LLVM and the linker).</param>
public sealed record EmittedTarget(string Name, string Section, int Kernels, long CodeBytes, int VectorWidth, TimeSpan Elapsed);

/// <summary>The result of <see cref="PackageEmit.Run"/>.</summary>
public sealed record PackageEmitOutcome(ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The compression run (plan, evaluation, gate), when the recipe has compression sections.</summary>
    public CompileOutcome? Compression { get; init; }

    /// <summary>The package written, or null.</summary>
    public string? PackagePath { get; init; }

    /// <summary>Size of the package file.</summary>
    public long PackageBytes { get; init; }

    /// <summary>The targets in the package, in manifest order.</summary>
    public ImmutableArray<EmittedTarget> Targets { get; init; } = [];

    /// <summary>What the graph optimizations of lowering did (of the first target's lowering).</summary>
    public LoweringStatistics? Lowering { get; init; }

    /// <summary>The arena size and the sum of all temporaries (the arena without memory reuse).</summary>
    public long ArenaBytes { get; init; }

    /// <summary>The sum of all temporary buffer sizes.</summary>
    public long TempBytes { get; init; }

    /// <summary>Weight tensors and their bytes in <c>weights.bin</c> (padding included).</summary>
    public int WeightTensors { get; init; }

    /// <summary>Bytes of <c>weights.bin</c>.</summary>
    public long WeightBytes { get; init; }

    /// <summary>Lowering time, over every distinct vector width.</summary>
    public TimeSpan LoweringTime { get; init; }

    /// <summary>True when there are no errors.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);

    /// <summary>The outcome as <see cref="CompilePhase.Run"/> returns it: the compression records, all diagnostics.</summary>
    public CompileOutcome ToCompileOutcome() => (Compression ?? new CompileOutcome([])) with { Diagnostics = Diagnostics };
}
