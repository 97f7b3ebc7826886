using System.Collections.Immutable;

namespace Qc.Planning.Allocation;

/// <summary>A bit-allocation instance, independent of any graph: layers with candidates, budgets, ties, pins and no-good cuts.</summary>
/// <remarks>
/// The integer program (specs/bit-allocation.md): binary <c>x[l,c]</c>, minimise <c>Σ s[l,c]·x[l,c]</c> subject to exactly one
/// candidate per layer, <c>Σ r_j[l,c]·x[l,c] ≤ B_j</c> per budget, equal counts of every tie key between tied layers,
/// <c>x[l,c] = 0</c> for candidates the pins exclude, and <c>Σ_{(l,c)∈S} x[l,c] ≤ L − 1</c> per cut.
/// The constructor checks the structure (names, costs, finite numbers) and throws <see cref="ArgumentException"/> on misuse;
/// whether the instance is feasible is a question for <see cref="BitAllocator"/>, which reports diagnostics.
/// </remarks>
public sealed class AllocationProblem
{
    private readonly Dictionary<string, int> _layerIndex;

    /// <summary>Creates and validates a problem.</summary>
    /// <exception cref="ArgumentException">A name is duplicated or unknown, a cost is missing, or a number is not finite.</exception>
    public AllocationProblem(
        IEnumerable<AllocationLayer> layers,
        IEnumerable<AllocationBudget>? budgets = null,
        IEnumerable<AllocationTie>? ties = null,
        IEnumerable<AllocationPin>? pins = null,
        IEnumerable<AllocationCut>? cuts = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Layers = [.. layers];
        Budgets = budgets is null ? [] : [.. budgets];
        Ties = ties is null ? [] : [.. ties];
        Pins = pins is null ? [] : [.. pins];
        Cuts = cuts is null ? [] : [.. cuts];
        if (Layers.IsEmpty)
        {
            throw new ArgumentException("a problem needs at least one layer", nameof(layers));
        }

        _layerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        CandidateIndex = new Dictionary<string, int>[Layers.Length];
        for (var l = 0; l < Layers.Length; l++)
        {
            var layer = Layers[l] ?? throw new ArgumentException("a layer is null", nameof(layers));
            if (!_layerIndex.TryAdd(layer.Name, l))
            {
                throw new ArgumentException($"layer '{layer.Name}' appears twice", nameof(layers));
            }

            if (layer.Candidates.IsDefaultOrEmpty)
            {
                throw new ArgumentException($"layer '{layer.Name}' has no candidates", nameof(layers));
            }

            if (layer.Candidates.Length > byte.MaxValue)
            {
                throw new ArgumentException($"layer '{layer.Name}' has more than {byte.MaxValue} candidates", nameof(layers));
            }

            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var c = 0; c < layer.Candidates.Length; c++)
            {
                var cand = layer.Candidates[c];
                if (!names.TryAdd(cand.Name, c))
                {
                    throw new ArgumentException($"layer '{layer.Name}' has candidate '{cand.Name}' twice", nameof(layers));
                }

                if (!double.IsFinite(cand.Sensitivity))
                {
                    throw new ArgumentException($"candidate '{cand.Name}' of layer '{layer.Name}' has a sensitivity that is not finite", nameof(layers));
                }

                foreach (var b in Budgets)
                {
                    if (!cand.Costs.TryGetValue(b.Resource, out var cost) || !double.IsFinite(cost))
                    {
                        throw new ArgumentException(
                            $"candidate '{cand.Name}' of layer '{layer.Name}' has no finite cost for budgeted resource '{b.Resource}'", nameof(layers));
                    }
                }
            }

            CandidateIndex[l] = names;
        }

        var resources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in Budgets)
        {
            if (!resources.Add(b.Resource))
            {
                throw new ArgumentException($"resource '{b.Resource}' has two budgets", nameof(budgets));
            }

            if (!double.IsFinite(b.Limit))
            {
                throw new ArgumentException($"the budget for '{b.Resource}' is not finite", nameof(budgets));
            }
        }

        Allowed = new bool[Layers.Length][];
        for (var l = 0; l < Layers.Length; l++)
        {
            Allowed[l] = Enumerable.Repeat(true, Layers[l].Candidates.Length).ToArray();
        }

        PinMasks = new bool[Pins.Length][];
        for (var p = 0; p < Pins.Length; p++)
        {
            var pin = Pins[p];
            var l = LayerIndexOrThrow(pin.Layer, nameof(pins));
            var mask = new bool[Layers[l].Candidates.Length];
            foreach (var name in pin.Allowed.IsDefault ? [] : pin.Allowed)
            {
                mask[CandidateIndexOrThrow(l, name, nameof(pins))] = true;
            }

            PinMasks[p] = mask;
            for (var c = 0; c < mask.Length; c++)
            {
                Allowed[l][c] &= mask[c];
            }
        }

        foreach (var tie in Ties)
        {
            if (tie.Layers.IsDefault || tie.Layers.Length < 2)
            {
                throw new ArgumentException($"the tie from {tie.Origin} names fewer than two layers", nameof(ties));
            }

            foreach (var name in tie.Layers)
            {
                _ = LayerIndexOrThrow(name, nameof(ties));
            }
        }

        CutIndices = new int[Cuts.Length][];
        for (var k = 0; k < Cuts.Length; k++)
        {
            var cut = Cuts[k];
            if (cut.Choices.IsDefault || cut.Choices.Length != Layers.Length)
            {
                throw new ArgumentException($"a cut must name one candidate for each of the {Layers.Length} layers", nameof(cuts));
            }

            CutIndices[k] = [.. cut.Choices.Select((name, l) => CandidateIndexOrThrow(l, name, nameof(cuts)))];
        }
    }

    /// <summary>The layers, in a fixed order that results and cuts follow.</summary>
    public ImmutableArray<AllocationLayer> Layers { get; }

    /// <summary>The budgets, one per resource.</summary>
    public ImmutableArray<AllocationBudget> Budgets { get; }

    /// <summary>The tie groups.</summary>
    public ImmutableArray<AllocationTie> Ties { get; }

    /// <summary>The pins.</summary>
    public ImmutableArray<AllocationPin> Pins { get; }

    /// <summary>The excluded full assignments.</summary>
    public ImmutableArray<AllocationCut> Cuts { get; }

    /// <summary><c>Allowed[l][c]</c>: candidate <c>c</c> of layer <c>l</c> survives every pin on the layer.</summary>
    internal bool[][] Allowed { get; }

    /// <summary><c>PinMasks[p][c]</c>: pin <c>p</c> allows candidate <c>c</c> of its layer.</summary>
    internal bool[][] PinMasks { get; }

    /// <summary>Each cut as candidate indices per layer.</summary>
    internal int[][] CutIndices { get; }

    /// <summary>Candidate name to index, per layer.</summary>
    internal Dictionary<string, int>[] CandidateIndex { get; }

    /// <summary>Returns a copy with one more no-good cut excluding <paramref name="choices"/> (one candidate name per layer).</summary>
    public AllocationProblem WithCut(IEnumerable<string> choices) =>
        new(Layers, Budgets, Ties, Pins, Cuts.Add(new AllocationCut([.. choices])));

    /// <summary>The index of the layer named <paramref name="name"/>, or -1.</summary>
    public int IndexOfLayer(string name) => _layerIndex.TryGetValue(name, out var l) ? l : -1;

    /// <summary>The cost table of one resource: <c>[l][c]</c>.</summary>
    internal double[][] CostTable(string resource) =>
        [.. Layers.Select(layer => layer.Candidates.Select(c => c.Cost(resource)).ToArray())];

    /// <summary>The layer indices of each tie group, duplicates removed, in declaration order.</summary>
    internal int[][] TieLayerIndices() => [.. Ties.Select(t => t.Layers.Select(n => _layerIndex[n]).Distinct().ToArray())];

    private int LayerIndexOrThrow(string name, string paramName) =>
        _layerIndex.TryGetValue(name, out var l) ? l : throw new ArgumentException($"unknown layer '{name}'", paramName);

    private int CandidateIndexOrThrow(int layer, string name, string paramName) =>
        CandidateIndex[layer].TryGetValue(name, out var c)
            ? c
            : throw new ArgumentException($"layer '{Layers[layer].Name}' has no candidate '{name}'", paramName);
}
