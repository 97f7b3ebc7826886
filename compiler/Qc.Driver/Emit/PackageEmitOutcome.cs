using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Driver.Compile;

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

    /// <summary>What lowering and code generation produced, when the package was built.</summary>
    public PackageBuild? Build { get; init; }

    /// <summary>True when there are no errors.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);

    /// <summary>The outcome as <see cref="CompilePhase.Run"/> returns it: the compression records, all diagnostics.</summary>
    public CompileOutcome ToCompileOutcome() => (Compression ?? new CompileOutcome([])) with { Diagnostics = Diagnostics };
}
