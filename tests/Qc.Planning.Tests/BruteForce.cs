using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>The third reference: enumerates every assignment of a tiny problem.</summary>
internal static class BruteForce
{
    /// <summary>All feasible assignments with their objectives, best first (ties broken by the assignment, lexicographically).</summary>
    public static List<(int[] Choice, double Objective)> Feasible(AllocationProblem problem)
    {
        var layers = problem.Layers;
        var all = new List<(int[], double)>();
        var choice = new int[layers.Length];
        while (true)
        {
            if (AssignmentCheck.FindViolation(problem, choice) is null)
            {
                all.Add(((int[])choice.Clone(), choice.Select((c, l) => layers[l].Candidates[c].Sensitivity).Sum()));
            }

            var l = 0;
            while (l < choice.Length && ++choice[l] == layers[l].Candidates.Length)
            {
                choice[l] = 0;
                l++;
            }

            if (l == choice.Length)
            {
                break;
            }
        }

        return [.. all.OrderBy(a => a.Item2)];
    }
}
