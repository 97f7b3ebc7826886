using System.Collections.Immutable;

namespace Qc.Recipe.Binding;

/// <summary>The <c>evaluate</c> section: the accuracy gate after compression.</summary>
public sealed record BoundEvaluate(BoundPath? Data, ImmutableArray<BoundCall> Metrics, BoundFormula? Require, long? Samples);
