using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Recipe.Binding;

/// <summary>The <c>allocate</c> section: mixed precision chosen per layer by integer programming (a later stage).</summary>
/// <param name="Over">Which layers are allocated.</param>
/// <param name="Choices">The candidate codecs.</param>
/// <param name="Sensitivity">The per-layer sensitivity (a measure or a weighted sum of measures).</param>
/// <param name="Minimize">The objective: sensitivity, size or bops.</param>
/// <param name="SubjectTo">Budget constraints.</param>
/// <param name="Tie">Tie policies.</param>
/// <param name="Location">The section's key.</param>
public sealed record BoundAllocate(BoundFormula Over, ImmutableArray<BoundCodec> Choices, BoundFormula? Sensitivity, string Minimize,
    ImmutableArray<BoundFormula> SubjectTo, ImmutableArray<string> Tie, Location Location);
