using System.Collections.Immutable;

namespace Qc.Planning.Allocation;

/// <summary>One choice for a layer: a name (such as <c>int4-g128</c>), its sensitivity, its cost per budget resource, and an
/// optional tie key.</summary>
/// <remarks>
/// <para><paramref name="Sensitivity"/> is the additive error term <c>s[l,c]</c> the allocator minimises (0 for the reference
/// choice). <paramref name="Costs"/> maps a resource name (<c>size</c> in bytes including metadata, <c>bops</c>,
/// <c>latency</c>, ...) to the candidate's cost; every resource that has a budget must appear.</para>
/// <para><paramref name="TieKey"/> is the property <c>τ(c)</c> that tied layers must agree on (an activation format, or the
/// whole candidate for shared weights). When null the candidate's name is its tie key.</para>
/// </remarks>
public sealed record AllocationCandidate(string Name, double Sensitivity, ImmutableSortedDictionary<string, double> Costs, string? TieKey = null)
{
    /// <summary>The key tied layers compare: <see cref="TieKey"/>, or the name when there is none.</summary>
    public string EffectiveTieKey => TieKey ?? Name;

    /// <summary>The cost for <paramref name="resource"/>.</summary>
    /// <exception cref="KeyNotFoundException">The candidate has no cost for that resource.</exception>
    public double Cost(string resource) => Costs.TryGetValue(resource, out var v)
        ? v
        : throw new KeyNotFoundException($"candidate '{Name}' has no cost for resource '{resource}'");

    /// <summary>Creates a candidate from (resource, cost) pairs.</summary>
    public static AllocationCandidate Create(string name, double sensitivity, params (string Resource, double Cost)[] costs) =>
        new(name, sensitivity, costs.ToImmutableSortedDictionary(c => c.Resource, c => c.Cost, StringComparer.Ordinal));

    /// <summary>Returns a copy with the given tie key.</summary>
    public AllocationCandidate WithTieKey(string? tieKey) => this with { TieKey = tieKey };
}
