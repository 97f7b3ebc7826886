namespace Qc.Recipe.Planning;

/// <summary>One step of the chain that decided a layer (<c>qc plan --explain</c>): a source that matched the layer and
/// what it set. Null fields were not set by this step.</summary>
public sealed record PlanStep(PlanSource Source, string? Weights, string? Activations, string? Prune, string? Selector);
