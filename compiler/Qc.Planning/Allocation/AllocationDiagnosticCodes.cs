namespace Qc.Planning.Allocation;

/// <summary>The bit-allocation diagnostic codes (QC40xx; specs/diagnostics.md, "Planning"). Append-only.</summary>
internal static class AllocationDiagnosticCodes
{
    /// <summary>A budget is below the smallest achievable total.</summary>
    public const int BudgetInfeasible = 4001;

    /// <summary>Tied layers have no allowed tie key in common after pinning.</summary>
    public const int TieContradictsPins = 4002;

    /// <summary>The solver's time limit passed without a feasible allocation.</summary>
    public const int TimeLimitWithoutSolution = 4003;

    /// <summary>GLPK cannot be loaded.</summary>
    public const int GlpkUnavailable = 4004;

    /// <summary>Each constraint can be met alone, but not all together (ties with budgets, several budgets).</summary>
    public const int InfeasibleTogether = 4005;

    /// <summary>Warning: the time limit passed; the best allocation found is used without proof of optimality.</summary>
    public const int TimeLimitNotProven = 4006;

    /// <summary>Pins on one layer exclude every candidate.</summary>
    public const int PinsLeaveNoCandidate = 4007;

    /// <summary>Every allocation that meets the constraints was already tried and excluded (re-solve loop).</summary>
    public const int NoUntriedAllocation = 4008;

    /// <summary>The solver failed for a reason other than infeasibility or time.</summary>
    public const int SolverFailed = 4009;

    /// <summary>The chosen solver does not handle the problem (the DP with several budgets, ties or cuts).</summary>
    public const int SolverNotApplicable = 4010;
}
