using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>The re-solve loop: a no-good cut excludes the previous allocation and the solver returns the next best.</summary>
public sealed class NoGoodCutTests
{
    [GlpkFact]
    public void Cuts_GiveTheNextBestAllocationEachRound()
    {
        Glpk.Require();
        var rng = new Random(42);
        for (var i = 0; i < 40; i++)
        {
            var problem = i % 2 == 0
                ? Instances.SingleBudget(rng, 2 + rng.Next(4), 2, 3, 0.3 + (0.7 * rng.NextDouble()))
                : Instances.TwoBudgets(rng, 2 + rng.Next(4), 2, 3, 0.5 + (0.5 * rng.NextDouble()), 0.5 + (0.5 * rng.NextDouble()));
            var ranking = BruteForce.Feasible(problem);
            var rounds = Math.Min(4, ranking.Count);
            var tried = new List<int[]>();
            for (var round = 0; round < rounds; round++)
            {
                var r = BitAllocator.Allocate(problem, new GlpkSolver());
                Assert.Equal(AllocationStatus.Optimal, r.Status);
                Assert.Empty(r.Diagnostics);
                SolverAgreementTests.AssertFeasible(problem, r);
                SolverAgreementTests.AssertClose(ranking[round].Objective, r.Objective, $"instance {i}, round {round}");
                Assert.DoesNotContain(tried, t => t.SequenceEqual(r.ChoiceIndices));
                tried.Add([.. r.ChoiceIndices]);
                problem = problem.WithCut(r.Choices);
            }
        }
    }

    [GlpkFact]
    public void CuttingEveryAllocation_IsQC4008()
    {
        Glpk.Require();
        var rng = new Random(9);
        var problem = Instances.SingleBudget(rng, 2, 2, 2, 1.0);
        for (var round = 0; round < 4; round++)
        {
            var r = BitAllocator.Allocate(problem, new GlpkSolver());
            Assert.Equal(AllocationStatus.Optimal, r.Status);
            problem = problem.WithCut(r.Choices);
        }

        var last = BitAllocator.Allocate(problem, new GlpkSolver());
        Assert.Equal(AllocationStatus.Infeasible, last.Status);
        var d = Assert.Single(last.Diagnostics);
        Assert.Equal("QC4008", d.Code.ToString());
        Assert.Equal("no allocation is left to try: the budgets admit none besides the 4 already excluded", d.Message);
    }

    [Fact]
    public void Dp_DoesNotTakeCuts()
    {
        var problem = Instances.SingleBudget(new Random(1), 3, 2, 2, 0.5);
        var cut = problem.WithCut(problem.Layers.Select(l => l.Candidates[0].Name));
        Assert.Equal(AllocationStatus.NotApplicable, new DynamicProgrammingSolver().Solve(cut, AllocationOptions.Default).Status);
    }
}
