using System.Collections.Immutable;
using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>Seeded random allocation instances shaped like real ones: sizes in bytes from parameter counts and bit widths,
/// bit-ops from MACs, sensitivities falling with bits.</summary>
internal static class Instances
{
    private static readonly int[] s_bits = [2, 3, 4, 6, 8];

    /// <summary>Layers with <c>k</c> candidates each (or a random count in [kMin, kMax]).</summary>
    public static ImmutableArray<AllocationLayer> Layers(Random rng, int count, int kMin, int kMax, bool degenerate = false, int maxParams = 64)
    {
        var layers = ImmutableArray.CreateBuilder<AllocationLayer>();
        for (var l = 0; l < count; l++)
        {
            var k = rng.Next(kMin, kMax + 1);
            var bits = s_bits.OrderBy(_ => rng.Next()).Take(k).Order().ToArray();
            var parameters = rng.Next(8, maxParams + 1);
            var macs = parameters * rng.Next(1, 9);
            var scale = Math.Exp(rng.NextDouble() * 6);
            var cands = ImmutableArray.CreateBuilder<AllocationCandidate>();
            for (var c = 0; c < k; c++)
            {
                var b = bits[c];
                var size = degenerate && rng.Next(3) == 0 ? parameters : (parameters * b / 8) + 2;
                var sens = degenerate && rng.Next(4) == 0 ? 0.0 : scale * Math.Pow(4, -b) * (0.5 + rng.NextDouble());
                cands.Add(AllocationCandidate.Create($"int{b}", sens, ("size", size), ("bops", (double)macs * b * 8)) with { TieKey = "t" + (c % 2) });
            }

            layers.Add(new AllocationLayer($"layer{l}", cands.ToImmutable()));
        }

        return layers.ToImmutable();
    }

    /// <summary>All-min plus <paramref name="alpha"/> of the way to all-max, rounded down, for one resource.</summary>
    public static double Budget(IEnumerable<AllocationLayer> layers, string resource, double alpha)
    {
        double lo = 0, hi = 0;
        foreach (var layer in layers)
        {
            lo += layer.Candidates.Min(c => c.Cost(resource));
            hi += layer.Candidates.Max(c => c.Cost(resource));
        }

        return Math.Floor(lo + (alpha * (hi - lo)));
    }

    /// <summary>A single-budget (size) instance with the budget at <paramref name="alpha"/>.</summary>
    public static AllocationProblem SingleBudget(Random rng, int count, int kMin, int kMax, double alpha, bool degenerate = false, int maxParams = 64)
    {
        var layers = Layers(rng, count, kMin, kMax, degenerate, maxParams);
        return new AllocationProblem(layers, [new AllocationBudget("size", Budget(layers, "size", alpha))]);
    }

    /// <summary>A size-and-bops instance.</summary>
    public static AllocationProblem TwoBudgets(Random rng, int count, int kMin, int kMax, double sizeAlpha, double bopsAlpha)
    {
        var layers = Layers(rng, count, kMin, kMax);
        return new AllocationProblem(layers,
            [new AllocationBudget("size", Budget(layers, "size", sizeAlpha)), new AllocationBudget("bops", Budget(layers, "bops", bopsAlpha))]);
    }

    /// <summary>Random pins (each allowing a random non-empty subset) and ties over random layers.</summary>
    public static AllocationProblem WithTiesAndPins(Random rng, AllocationProblem problem, int pins, int ties)
    {
        var layers = problem.Layers;
        var pinList = new List<AllocationPin>();
        for (var p = 0; p < pins; p++)
        {
            var layer = layers[rng.Next(layers.Length)];
            var allowed = layer.Candidates.Where(_ => rng.Next(2) == 0).Select(c => c.Name).ToList();
            if (allowed.Count == 0)
            {
                allowed.Add(layer.Candidates[rng.Next(layer.Candidates.Length)].Name);
            }

            pinList.Add(new AllocationPin(layer.Name, [.. allowed], $"rule 'pin{p}'"));
        }

        var tieList = new List<AllocationTie>();
        for (var t = 0; t < ties && layers.Length >= 2; t++)
        {
            var members = layers.OrderBy(_ => rng.Next()).Take(rng.Next(2, Math.Min(3, layers.Length) + 1)).Select(l => l.Name);
            tieList.Add(new AllocationTie([.. members], $"rule 'tie{t}'"));
        }

        return new AllocationProblem(layers, problem.Budgets, tieList, pinList);
    }
}
