using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;

namespace Qc.Recipe.Model;

/// <summary>The loaded model, or null with the loader's diagnostics; <paramref name="Inputs"/> lists the model's inputs
/// with their declared ranks (null rank: unknown) whenever the loader could read them, so pins can be checked against them.</summary>
public sealed record ModelLoadResult(GraphModule? Module, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<(string Name, int? Rank)> Inputs);
