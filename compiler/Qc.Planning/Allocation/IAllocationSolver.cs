namespace Qc.Planning.Allocation;

/// <summary>Solves an <see cref="AllocationProblem"/>. Implementations keep no state between calls.</summary>
public interface IAllocationSolver
{
    /// <summary>A short lowercase name for reports (<c>glpk</c>, <c>dp</c>).</summary>
    string Name { get; }

    /// <summary>Solves the problem. Never throws for infeasible or unsupported problems: the status says so.</summary>
    AllocationResult Solve(AllocationProblem problem, AllocationOptions options);
}

/// <summary>Settings shared by the solvers.</summary>
/// <param name="TimeLimit">Wall-time limit for the solver (GLPK's <c>tm_lim</c>); the DP ignores it.</param>
/// <param name="DpResolution">The DP's cost unit: costs are rounded up to multiples of it. Null picks one (see remarks).</param>
/// <param name="DpMaxTableBytes">The largest choice table the DP may allocate (one byte per layer and capacity unit).</param>
/// <remarks>With <see cref="DpResolution"/> null the DP uses 1 when every cost (after subtracting each layer's smallest) is an
/// integer and the table fits in <see cref="DpMaxTableBytes"/>; otherwise the smallest unit for which the table fits. Any
/// unit other than an exact one makes the DP's answer feasible but not proven optimal (status
/// <see cref="AllocationStatus.OptimalOnGrid"/>).</remarks>
public sealed record AllocationOptions(TimeSpan TimeLimit, double? DpResolution = null, long DpMaxTableBytes = 512L << 20)
{
    /// <summary>One minute, automatic DP resolution, a 512 MiB DP table at most.</summary>
    public static AllocationOptions Default { get; } = new(TimeSpan.FromMinutes(1));
}
