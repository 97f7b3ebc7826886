using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>GLPK against the exact DP and against brute force on seeded random instances.</summary>
public sealed class SolverAgreementTests
{
    private static readonly AllocationOptions s_options = AllocationOptions.Default;

    internal static void AssertClose(double expected, double actual, string what)
    {
        var tol = (1e-9 * Math.Max(Math.Abs(expected), Math.Abs(actual))) + 1e-12;
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: {expected:R} vs {actual:R}");
    }

    internal static void AssertFeasible(AllocationProblem problem, AllocationResult result)
    {
        Assert.True(result.HasSolution, $"{result.Solver}: {result.Status} {result.Detail}");
        Assert.Null(AssignmentCheck.FindViolation(problem, result.ChoiceIndices));
        Assert.Equal(problem.Layers.Length, result.Choices.Length);
    }

    [GlpkFact]
    public void GlpkAndDp_AgreeOnRandomSingleBudgetInstances()
    {
        Glpk.Require();
        var glpk = new GlpkSolver();
        var dp = new DynamicProgrammingSolver();
        var rng = new Random(20261122);
        for (var i = 0; i < 400; i++)
        {
            var count = 1 + rng.Next(60);
            var k = 2 + rng.Next(4);
            var alpha = (i % 10) switch
            {
                0 => 0.0,
                1 => 1.0,
                _ => rng.NextDouble(),
            };
            var problem = Instances.SingleBudget(rng, count, k, i % 3 == 0 ? 5 : k, alpha, degenerate: i % 7 == 0);
            var a = glpk.Solve(problem, s_options);
            var b = dp.Solve(problem, s_options);
            Assert.Equal(AllocationStatus.Optimal, a.Status);
            Assert.Equal(AllocationStatus.Optimal, b.Status);
            AssertFeasible(problem, a);
            AssertFeasible(problem, b);
            AssertClose(b.Objective, a.Objective, $"instance {i} ({count} layers)");
        }
    }

    [GlpkFact]
    public void AllSolvers_MatchBruteForceOnTinySingleBudgetInstances()
    {
        Glpk.Require();
        var rng = new Random(7);
        for (var i = 0; i < 150; i++)
        {
            var problem = Instances.SingleBudget(rng, 1 + rng.Next(6), 2, 4, rng.NextDouble(), degenerate: i % 5 == 0);
            var brute = BruteForce.Feasible(problem);
            Assert.NotEmpty(brute);
            foreach (IAllocationSolver solver in (IAllocationSolver[])[new GlpkSolver(), new DynamicProgrammingSolver()])
            {
                var r = solver.Solve(problem, s_options);
                AssertFeasible(problem, r);
                AssertClose(brute[0].Objective, r.Objective, $"{solver.Name} on instance {i}");
            }
        }
    }

    [GlpkFact]
    public void Glpk_MatchesBruteForceOnTwoBudgetInstances()
    {
        Glpk.Require();
        var rng = new Random(11);
        var feasible = 0;
        for (var i = 0; i < 150; i++)
        {
            var problem = Instances.TwoBudgets(rng, 1 + rng.Next(6), 2, 4, rng.NextDouble(), rng.NextDouble());
            var brute = BruteForce.Feasible(problem);
            var r = new GlpkSolver().Solve(problem, s_options);
            if (brute.Count == 0)
            {
                Assert.Equal(AllocationStatus.Infeasible, r.Status);
                continue;
            }

            feasible++;
            Assert.Equal(AllocationStatus.Optimal, r.Status);
            AssertFeasible(problem, r);
            AssertClose(brute[0].Objective, r.Objective, $"instance {i}");
        }

        Assert.True(feasible > 50, $"only {feasible} feasible instances");
    }

    [GlpkFact]
    public void Glpk_RespectsTiesAndPinsAndMatchesBruteForce()
    {
        Glpk.Require();
        var rng = new Random(5);
        var solved = 0;
        for (var i = 0; i < 200; i++)
        {
            var basic = i % 2 == 0
                ? Instances.SingleBudget(rng, 2 + rng.Next(5), 2, 4, rng.NextDouble())
                : Instances.TwoBudgets(rng, 2 + rng.Next(5), 2, 4, rng.NextDouble(), rng.NextDouble());
            var problem = Instances.WithTiesAndPins(rng, basic, rng.Next(3), 1 + rng.Next(2));
            var brute = BruteForce.Feasible(problem);
            var r = BitAllocator.Allocate(problem, new GlpkSolver(), s_options);
            if (brute.Count == 0)
            {
                Assert.False(r.HasSolution);
                Assert.Contains(r.Diagnostics, d => d.IsError);
                continue;
            }

            solved++;
            Assert.Equal(AllocationStatus.Optimal, r.Status);
            AssertFeasible(problem, r);
            AssertClose(brute[0].Objective, r.Objective, $"instance {i}");
            foreach (var tie in problem.Ties)
            {
                var keys = tie.Layers.Select(n => problem.Layers[problem.IndexOfLayer(n)].Candidates[r.ChoiceIndices[problem.IndexOfLayer(n)]].EffectiveTieKey);
                Assert.Single(keys.Distinct());
            }

            foreach (var pin in problem.Pins)
            {
                Assert.Contains(r.Choices[problem.IndexOfLayer(pin.Layer)], pin.Allowed);
            }
        }

        Assert.True(solved > 60, $"only {solved} feasible instances");
    }

    [Fact]
    public void Dp_RespectsPinsAndMatchesBruteForce()
    {
        var rng = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            var basic = Instances.SingleBudget(rng, 2 + rng.Next(5), 2, 4, rng.NextDouble());
            var problem = Instances.WithTiesAndPins(rng, basic, 1 + rng.Next(3), 0);
            var brute = BruteForce.Feasible(problem);
            var r = new DynamicProgrammingSolver().Solve(problem, s_options);
            if (brute.Count == 0)
            {
                Assert.Equal(AllocationStatus.Infeasible, r.Status);
                continue;
            }

            AssertFeasible(problem, r);
            AssertClose(brute[0].Objective, r.Objective, $"instance {i}");
        }
    }

    [GlpkFact]
    public void LargeInstance_BothSolversAgree()
    {
        Glpk.Require();
        var problem = Instances.SingleBudget(new Random(2000), 2000, 4, 4, 0.45);
        var a = new GlpkSolver().Solve(problem, s_options);
        var b = new DynamicProgrammingSolver().Solve(problem, s_options);
        Assert.Equal(AllocationStatus.Optimal, a.Status);
        Assert.Equal(AllocationStatus.Optimal, b.Status);
        AssertFeasible(problem, a);
        AssertFeasible(problem, b);
        AssertClose(b.Objective, a.Objective, "2000 x 4");
    }
}
