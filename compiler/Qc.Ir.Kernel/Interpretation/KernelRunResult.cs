using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;

namespace Qc.Ir.Kernel;

/// <summary>The result of <see cref="KernelInterpreter.Run(IReadOnlyDictionary{string, TensorData})"/>: the output
/// buffers by name (empty when the run failed) and diagnostics (verifier errors, QC5250-QC5253).</summary>
public sealed record KernelRunResult(ImmutableDictionary<string, TensorData> Outputs, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when there are no errors.</summary>
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}
