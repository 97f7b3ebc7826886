using System.Globalization;

namespace Qc.Planning.Allocation;

/// <summary>Checks a full assignment against every constraint of a problem (used on solver answers and by tests).</summary>
internal static class AssignmentCheck
{
    /// <summary>Relative slack allowed on budget rows, for sums of non-integral costs.</summary>
    public const double BudgetTolerance = 1e-9;

    /// <summary>The first violated constraint, in words, or null when <paramref name="choice"/> is feasible.</summary>
    public static string? FindViolation(AllocationProblem problem, IReadOnlyList<int> choice)
    {
        if (choice.Count != problem.Layers.Length)
        {
            return $"{choice.Count} choices for {problem.Layers.Length} layers";
        }

        for (var l = 0; l < choice.Count; l++)
        {
            if (choice[l] < 0 || choice[l] >= problem.Layers[l].Candidates.Length)
            {
                return $"layer '{problem.Layers[l].Name}' has no candidate {choice[l]}";
            }

            if (!problem.Allowed[l][choice[l]])
            {
                return $"layer '{problem.Layers[l].Name}' takes '{problem.Layers[l].Candidates[choice[l]].Name}', which a pin excludes";
            }
        }

        foreach (var b in problem.Budgets)
        {
            var sum = 0.0;
            for (var l = 0; l < choice.Count; l++)
            {
                sum += problem.Layers[l].Candidates[choice[l]].Cost(b.Resource);
            }

            if (sum > b.Limit + (BudgetTolerance * Math.Max(1.0, Math.Abs(b.Limit))))
            {
                return string.Create(CultureInfo.InvariantCulture, $"'{b.Resource}' totals {sum}, over its budget {b.Limit}");
            }
        }

        foreach (var group in problem.TieLayerIndices())
        {
            var key = problem.Layers[group[0]].Candidates[choice[group[0]]].EffectiveTieKey;
            foreach (var l in group)
            {
                var other = problem.Layers[l].Candidates[choice[l]].EffectiveTieKey;
                if (!string.Equals(key, other, StringComparison.Ordinal))
                {
                    return $"tied layers '{problem.Layers[group[0]].Name}' and '{problem.Layers[l].Name}' take tie keys '{key}' and '{other}'";
                }
            }
        }

        foreach (var cut in problem.CutIndices)
        {
            if (cut.AsSpan().SequenceEqual([.. choice]))
            {
                return "the assignment is excluded by a cut";
            }
        }

        return null;
    }
}
