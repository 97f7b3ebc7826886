using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Planning.Allocation;

/// <summary>One unit of allocation (a tensor group) and the candidates it may take; exactly one is chosen.</summary>
/// <param name="Name">Unique among the problem's layers.</param>
/// <param name="Candidates">At least one; names unique within the layer.</param>
/// <param name="Location">Where the layer comes from (a graph node), for diagnostics; null for none.</param>
public sealed record AllocationLayer(string Name, ImmutableArray<AllocationCandidate> Candidates, Location? Location = null);

/// <summary>A limit on the total of one resource over all chosen candidates (<c>Σ r[l,c]·x[l,c] ≤ Limit</c>).</summary>
/// <param name="Resource">The resource name, matching the candidates' cost keys (<c>size</c>, <c>bops</c>, <c>latency</c>).</param>
/// <param name="Limit">The upper bound, in the resource's unit (bytes for <c>size</c>).</param>
/// <param name="Location">Where the budget is written (the recipe key), for diagnostics; null for none.</param>
public sealed record AllocationBudget(string Resource, double Limit, Location? Location = null);

/// <summary>Layers that must choose candidates with equal tie keys (residual inputs, shared weights).</summary>
/// <param name="Layers">Two or more layer names.</param>
/// <param name="Origin">What declared the tie, as text for diagnostics (<c>rule 'tie-residual'</c>).</param>
/// <param name="Location">Where the tie is declared; null for none.</param>
public sealed record AllocationTie(ImmutableArray<string> Layers, string Origin, Location? Location = null);

/// <summary>Restricts one layer to a subset of its candidates. Several pins on one layer intersect.</summary>
/// <param name="Layer">The pinned layer's name.</param>
/// <param name="Allowed">The candidate names the layer may still take.</param>
/// <param name="Origin">What pinned the layer, as text for diagnostics (<c>rule 'keep-embeddings'</c>).</param>
/// <param name="Location">Where the pin is declared; null for none.</param>
public sealed record AllocationPin(string Layer, ImmutableArray<string> Allowed, string Origin, Location? Location = null);

/// <summary>A full assignment the solver must not return again (the no-good cut <c>Σ_{(l,c)∈S} x[l,c] ≤ L − 1</c>).</summary>
/// <param name="Choices">One candidate name per layer, in layer order.</param>
public sealed record AllocationCut(ImmutableArray<string> Choices);
