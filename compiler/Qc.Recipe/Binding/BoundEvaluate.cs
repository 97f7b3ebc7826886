using System.Collections.Immutable;

namespace Qc.Recipe.Binding;

/// <summary>The <c>evaluate</c> section: the accuracy gate after compression.</summary>
/// <param name="Data">The evaluation data.</param>
/// <param name="Metrics">The metrics to measure.</param>
/// <param name="Require">The accuracy gate.</param>
/// <param name="Samples">How many samples to evaluate (after <paramref name="Skip"/>), or all.</param>
/// <param name="Skip">Samples passed over at the start of the data (a held-out split of a file calibration also reads).</param>
public sealed record BoundEvaluate(BoundPath? Data, ImmutableArray<BoundCall> Metrics, BoundFormula? Require, long? Samples, long? Skip = null);
