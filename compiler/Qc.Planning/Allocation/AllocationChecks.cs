namespace Qc.Planning.Allocation;

/// <summary>Checks a problem before any solver runs: pins that exclude every candidate (QC4007), ties the pins make
/// impossible (QC4002), and budgets below the smallest achievable total (QC4001, naming the pins that raise it).</summary>
internal static class AllocationChecks
{
    /// <summary>Reports every problem found; returns true when there was none.</summary>
    public static bool Run(AllocationProblem problem, AllocationDiagnostics diagnostics)
    {
        var ok = true;
        for (var l = 0; l < problem.Layers.Length; l++)
        {
            if (!problem.Allowed[l].Contains(true))
            {
                var name = problem.Layers[l].Name;
                diagnostics.ReportPinsLeaveNoCandidate(problem.Layers[l], problem.Pins.Where(p => p.Layer == name));
                ok = false;
            }
        }

        if (!ok)
        {
            return false;
        }

        ok &= CheckTies(problem, diagnostics);
        foreach (var budget in problem.Budgets)
        {
            ok &= CheckBudget(problem, budget, diagnostics);
        }

        return ok;
    }

    /// <summary>The smallest achievable total of <paramref name="resource"/>: Σ_l min over allowed candidates.</summary>
    public static double SmallestTotal(AllocationProblem problem, string resource)
    {
        var total = 0.0;
        for (var l = 0; l < problem.Layers.Length; l++)
        {
            total += MinCost(problem, l, resource, problem.Allowed[l]);
        }

        return total;
    }

    private static bool CheckTies(AllocationProblem problem, AllocationDiagnostics diagnostics)
    {
        var ok = true;
        var groups = problem.TieLayerIndices();
        for (var g = 0; g < groups.Length; g++)
        {
            var keysByLayer = groups[g]
                .Select(l => (Layer: problem.Layers[l].Name, Keys: (IReadOnlyList<string>)problem.Layers[l].Candidates
                    .Where((_, c) => problem.Allowed[l][c]).Select(c => c.EffectiveTieKey)
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
                .ToList();
            var common = new HashSet<string>(keysByLayer[0].Keys, StringComparer.Ordinal);
            foreach (var (_, keys) in keysByLayer.Skip(1))
            {
                common.IntersectWith(keys);
            }

            if (common.Count == 0)
            {
                var names = keysByLayer.Select(k => k.Layer).ToHashSet(StringComparer.Ordinal);
                diagnostics.ReportTieContradictsPins(problem.Ties[g], keysByLayer, problem.Pins.Where(p => names.Contains(p.Layer)));
                ok = false;
            }
        }

        return ok;
    }

    private static bool CheckBudget(AllocationProblem problem, AllocationBudget budget, AllocationDiagnostics diagnostics)
    {
        var smallest = SmallestTotal(problem, budget.Resource);
        if (smallest <= budget.Limit + (AssignmentCheck.BudgetTolerance * Math.Max(1.0, Math.Abs(budget.Limit))))
        {
            return true;
        }

        // A pin raises the minimum when its layer's minimum drops once that one pin is lifted (the other pins stay).
        var effects = new List<(AllocationPin Pin, double Increase)>();
        for (var p = 0; p < problem.Pins.Length; p++)
        {
            var pin = problem.Pins[p];
            var l = problem.IndexOfLayer(pin.Layer);
            var without = new bool[problem.Layers[l].Candidates.Length];
            Array.Fill(without, true);
            for (var q = 0; q < problem.Pins.Length; q++)
            {
                if (q != p && problem.Pins[q].Layer == pin.Layer)
                {
                    for (var c = 0; c < without.Length; c++)
                    {
                        without[c] &= problem.PinMasks[q][c];
                    }
                }
            }

            var increase = MinCost(problem, l, budget.Resource, problem.Allowed[l]) - MinCost(problem, l, budget.Resource, without);
            if (increase > 0)
            {
                effects.Add((pin, increase));
            }
        }

        var grouped = effects
            .GroupBy(e => (e.Pin.Origin, Allowed: string.Join('\u0001', e.Pin.Allowed)))
            .Select(g => new PinEffect(
                g.Key.Origin,
                g.First().Pin.Location,
                [.. g.Select(e => e.Pin.Layer)],
                [.. g.First().Pin.Allowed],
                g.Sum(e => e.Increase)))
            .OrderByDescending(e => e.Increase)
            .ThenBy(e => e.Origin, StringComparer.Ordinal)
            .ThenBy(e => e.Layers[0], StringComparer.Ordinal);
        diagnostics.ReportBudgetInfeasible(budget, smallest, grouped);
        return false;
    }

    private static double MinCost(AllocationProblem problem, int layer, string resource, bool[] allowed)
    {
        var min = double.PositiveInfinity;
        var cands = problem.Layers[layer].Candidates;
        for (var c = 0; c < cands.Length; c++)
        {
            if (allowed[c])
            {
                min = Math.Min(min, cands[c].Cost(resource));
            }
        }

        return min;
    }
}
