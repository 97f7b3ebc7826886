using Qc.Core.Diagnostics;

namespace Qc.Recipe.Planning;

/// <summary>What decided one setting of a layer: the defaults, <c>quantize</c>, a rule, a pruning rule or <c>allocate</c>.</summary>
/// <param name="Label">"default", "quantize", "rule 'edges'", "rules[2]", "prune[0]", "allocate".</param>
/// <param name="Location">Where it is written (none for the defaults).</param>
public sealed record PlanSource(string Label, Location Location)
{
    /// <summary>The built-in defaults: weights and activations fp32, no pruning.</summary>
    public static PlanSource Default { get; } = new("default", Location.None);
}
