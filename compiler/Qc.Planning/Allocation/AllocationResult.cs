using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Planning.Allocation;

/// <summary>How a solve ended.</summary>
public enum AllocationStatus
{
    /// <summary>A proven optimum.</summary>
    Optimal,

    /// <summary>A feasible assignment found before the time limit, whose optimality is not proven.</summary>
    Feasible,

    /// <summary>The DP's optimum after rounding costs up to its grid: feasible, not proven optimal for the real costs.</summary>
    OptimalOnGrid,

    /// <summary>The time limit passed before any feasible assignment was found.</summary>
    TimeLimit,

    /// <summary>No assignment satisfies the constraints.</summary>
    Infeasible,

    /// <summary>The solver does not handle this kind of problem (the DP with several budgets, ties or cuts).</summary>
    NotApplicable,

    /// <summary>The solver's native library cannot be loaded.</summary>
    Unavailable,

    /// <summary>The solver failed for another reason (see <see cref="AllocationResult.Detail"/>).</summary>
    Failed,

    /// <summary>Checks before solving found errors (see <see cref="AllocationResult.Diagnostics"/>); no solver ran.</summary>
    Rejected,
}

/// <summary>The outcome of one allocation: status, the chosen candidate per layer, objective, budget usage, time, diagnostics.</summary>
/// <param name="Status">How the solve ended.</param>
/// <param name="Solver">The solver's name (<c>glpk</c>, <c>dp</c>).</param>
/// <param name="ChoiceIndices">The chosen candidate index per layer; empty when there is no assignment.</param>
/// <param name="Choices">The chosen candidate name per layer; empty when there is no assignment.</param>
/// <param name="Objective">The summed sensitivity of the assignment, computed in C# from the candidates; NaN without one.</param>
/// <param name="Usage">The total of each budgeted resource under the assignment; empty without one.</param>
/// <param name="SolveTime">Wall time of the solver call (model building included).</param>
/// <param name="Detail">Why the solver ended as it did, in words (for logs and diagnostics); null when optimal.</param>
public sealed record AllocationResult(
    AllocationStatus Status,
    string Solver,
    ImmutableArray<int> ChoiceIndices,
    ImmutableArray<string> Choices,
    double Objective,
    ImmutableSortedDictionary<string, double> Usage,
    TimeSpan SolveTime,
    string? Detail = null)
{
    /// <summary>Diagnostics from checks and from interpreting the solver's status (filled by <see cref="BitAllocator"/>).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>True when the result carries an assignment.</summary>
    public bool HasSolution => !ChoiceIndices.IsDefaultOrEmpty;

    /// <summary>A result with an assignment; objective and usage are computed from the problem.</summary>
    internal static AllocationResult FromAssignment(
        AllocationProblem problem, int[] choice, AllocationStatus status, string solver, TimeSpan time, string? detail = null)
    {
        var objective = 0.0;
        for (var l = 0; l < choice.Length; l++)
        {
            objective += problem.Layers[l].Candidates[choice[l]].Sensitivity;
        }

        return new AllocationResult(
            status,
            solver,
            [.. choice],
            [.. choice.Select((c, l) => problem.Layers[l].Candidates[c].Name)],
            objective,
            Totals(problem, choice),
            time,
            detail);
    }

    /// <summary>A result without an assignment.</summary>
    internal static AllocationResult Empty(AllocationStatus status, string solver, TimeSpan time, string? detail) =>
        new(status, solver, [], [], double.NaN, ImmutableSortedDictionary<string, double>.Empty.WithComparers(StringComparer.Ordinal), time, detail);

    /// <summary>The total of each budgeted resource under <paramref name="choice"/>.</summary>
    internal static ImmutableSortedDictionary<string, double> Totals(AllocationProblem problem, int[] choice)
    {
        var usage = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var b in problem.Budgets)
        {
            var sum = 0.0;
            for (var l = 0; l < choice.Length; l++)
            {
                sum += problem.Layers[l].Candidates[choice[l]].Cost(b.Resource);
            }

            usage[b.Resource] = sum;
        }

        return usage.ToImmutable();
    }
}
