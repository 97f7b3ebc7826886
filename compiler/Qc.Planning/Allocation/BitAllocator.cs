using System.Diagnostics;

namespace Qc.Planning.Allocation;

/// <summary>The front door of bit allocation: checks the problem, runs a solver, and turns its status into diagnostics.</summary>
/// <remarks>Never throws for user mistakes: an infeasible budget, contradictory pins and ties, a missing GLPK or a time limit
/// all come back as an <see cref="AllocationResult"/> whose <see cref="AllocationResult.Diagnostics"/> say what happened
/// (QC40xx, specs/diagnostics.md).</remarks>
public static class BitAllocator
{
    /// <summary>Checks <paramref name="problem"/>, solves it with <paramref name="solver"/> (GLPK by default), and reports.</summary>
    public static AllocationResult Allocate(AllocationProblem problem, IAllocationSolver? solver = null, AllocationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        solver ??= new GlpkSolver();
        options ??= AllocationOptions.Default;
        var diagnostics = new AllocationDiagnostics();
        if (!AllocationChecks.Run(problem, diagnostics))
        {
            return AllocationResult.Empty(AllocationStatus.Rejected, solver.Name, TimeSpan.Zero, "checks before solving found errors")
                with { Diagnostics = diagnostics.ToImmutableArray() };
        }

        var result = solver.Solve(problem, options);
        switch (result.Status)
        {
            case AllocationStatus.Optimal:
            case AllocationStatus.OptimalOnGrid:
                break;
            case AllocationStatus.Feasible:
                diagnostics.ReportTimeLimitNotProven(solver.Name, options.TimeLimit);
                break;
            case AllocationStatus.TimeLimit:
                diagnostics.ReportTimeLimitWithoutSolution(solver.Name, options.TimeLimit);
                break;
            case AllocationStatus.Infeasible when !problem.Cuts.IsEmpty:
                diagnostics.ReportNoUntriedAllocation(problem.Cuts.Length);
                break;
            case AllocationStatus.Infeasible:
                diagnostics.ReportInfeasibleTogether(problem.Budgets, problem.Ties.Length);
                break;
            case AllocationStatus.Unavailable:
                diagnostics.ReportGlpkUnavailable(result.Detail);
                break;
            case AllocationStatus.NotApplicable:
                diagnostics.ReportSolverNotApplicable(solver.Name, result.Detail);
                break;
            case AllocationStatus.Failed:
                diagnostics.ReportSolverFailed(solver.Name, result.Detail);
                break;
            case AllocationStatus.Rejected:
                break;
            default:
                throw new UnreachableException($"unknown allocation status {result.Status}");
        }

        return result with { Diagnostics = [.. result.Diagnostics, .. diagnostics.ToImmutableArray()] };
    }
}
