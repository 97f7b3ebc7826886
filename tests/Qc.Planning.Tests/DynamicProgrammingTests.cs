using System.Collections.Immutable;
using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>The DP's own rules: what it refuses, how it rounds costs, and edge cases.</summary>
public sealed class DynamicProgrammingTests
{
    private static readonly DynamicProgrammingSolver s_dp = new();

    [Fact]
    public void SeveralBudgetsOrTies_AreNotApplicable()
    {
        var rng = new Random(1);
        var two = Instances.TwoBudgets(rng, 4, 2, 3, 0.5, 0.5);
        Assert.Equal(AllocationStatus.NotApplicable, s_dp.Solve(two, AllocationOptions.Default).Status);
        var tied = new AllocationProblem(two.Layers, [two.Budgets[0]], ties: [new AllocationTie(["layer0", "layer1"], "rule 't'")]);
        var r = s_dp.Solve(tied, AllocationOptions.Default);
        Assert.Equal(AllocationStatus.NotApplicable, r.Status);
        Assert.False(r.HasSolution);
    }

    [Fact]
    public void WithoutBudgets_EachLayerTakesItsLeastSensitiveCandidate()
    {
        var problem = new AllocationProblem(Instances.Layers(new Random(2), 10, 2, 5));
        var r = s_dp.Solve(problem, AllocationOptions.Default);
        Assert.Equal(AllocationStatus.Optimal, r.Status);
        SolverAgreementTests.AssertClose(problem.Layers.Sum(l => l.Candidates.Min(c => c.Sensitivity)), r.Objective, "objective");
    }

    [Fact]
    public void NonIntegralCosts_AreRoundedUp_AndTheAnswerStaysFeasible()
    {
        var rng = new Random(3);
        for (var i = 0; i < 50; i++)
        {
            var layers = Instances.Layers(rng, 1 + rng.Next(6), 2, 4)
                .Select(l => l with
                {
                    Candidates = [.. l.Candidates.Select(c => c with { Costs = c.Costs.SetItem("size", c.Cost("size") * (1 + (0.37 * rng.NextDouble()))) })],
                })
                .ToImmutableArray();
            var problem = new AllocationProblem(layers, [new AllocationBudget("size", Instances.Budget(layers, "size", rng.NextDouble()) + 0.5)]);
            var brute = BruteForce.Feasible(problem);
            var r = s_dp.Solve(problem, AllocationOptions.Default with { DpResolution = 0.25 });
            Assert.Equal(AllocationStatus.OptimalOnGrid, r.Status);
            Assert.Contains("units of 0.25", r.Detail, StringComparison.Ordinal);
            SolverAgreementTests.AssertFeasible(problem, r);
            Assert.True(r.Objective >= brute[0].Objective - 1e-12);
        }
    }

    [Fact]
    public void AutomaticResolution_KeepsTheTableWithinItsLimit()
    {
        var problem = Instances.SingleBudget(new Random(4), 50, 4, 4, 0.5, maxParams: 4096);
        var r = s_dp.Solve(problem, AllocationOptions.Default with { DpMaxTableBytes = 50 * 1000 });
        Assert.Equal(AllocationStatus.OptimalOnGrid, r.Status);
        SolverAgreementTests.AssertFeasible(problem, r);
        var exact = s_dp.Solve(problem, AllocationOptions.Default);
        Assert.Equal(AllocationStatus.Optimal, exact.Status);
        Assert.True(r.Objective >= exact.Objective - 1e-12);
    }

    [Fact]
    public void BudgetBelowTheSmallestModel_IsInfeasible()
    {
        var problem = Instances.SingleBudget(new Random(5), 5, 2, 3, 0.0);
        var tight = new AllocationProblem(problem.Layers, [problem.Budgets[0] with { Limit = problem.Budgets[0].Limit - 1 }]);
        Assert.Equal(AllocationStatus.Infeasible, s_dp.Solve(tight, AllocationOptions.Default).Status);
    }
}
