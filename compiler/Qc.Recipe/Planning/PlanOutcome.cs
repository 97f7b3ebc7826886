using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Recipe.Planning;

/// <summary>The outcome of the <c>plan</c> phase: the printed plan (null on errors) and every diagnostic.</summary>
public sealed record PlanOutcome(string? Text, CompressionPlan? Plan, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when the plan was printed without errors.</summary>
    public bool Success => Text is not null && !Diagnostics.Any(d => d.IsError);
}
