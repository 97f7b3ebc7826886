using System.Globalization;
using Qc.Planning.Allocation;
using Xunit.Abstractions;

namespace Qc.Planning.Tests;

/// <summary>Prints solve times of GLPK and the DP on the instance sizes of docs (toolchain note §9). Runs only with
/// <c>QC_PLANNING_TIMINGS=1</c>: it asserts agreement, never times.</summary>
public sealed class SolveTimeReport(ITestOutputHelper output)
{
    [TimingFact]
    public void PrintSolveTimes()
    {
        Glpk.Require();
        var cases = new (int Layers, int K, bool TwoBudgets)[] { (20, 3, false), (200, 4, false), (2000, 4, false), (20, 3, true), (200, 4, true), (2000, 4, true) };
        output.WriteLine("layers x choices | budgets | DP ms (median of 5) | GLPK ms (median of 5)");
        foreach (var (count, k, two) in cases)
        {
            var dpTimes = new List<double>();
            var glpkTimes = new List<double>();
            for (var seed = 0; seed < 5; seed++)
            {
                var rng = new Random(1000 + seed);
                var problem = two ? Instances.TwoBudgets(rng, count, k, k, 0.45, 0.35) : Instances.SingleBudget(rng, count, k, k, 0.45);
                var g = new GlpkSolver().Solve(problem, AllocationOptions.Default);
                Assert.Equal(AllocationStatus.Optimal, g.Status);
                glpkTimes.Add(g.SolveTime.TotalMilliseconds);
                if (!two)
                {
                    var d = new DynamicProgrammingSolver().Solve(problem, AllocationOptions.Default);
                    SolverAgreementTests.AssertClose(d.Objective, g.Objective, $"{count}x{k}");
                    dpTimes.Add(d.SolveTime.TotalMilliseconds);
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} x {k} | {(two ? "size+bops" : "size")} | {(two ? "n/a" : Median(dpTimes).ToString("0.0", CultureInfo.InvariantCulture))} | {Median(glpkTimes):0.0}"));
        }
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}

/// <summary>A fact that runs only when <c>QC_PLANNING_TIMINGS=1</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TimingFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public TimingFactAttribute() => Skip = Environment.GetEnvironmentVariable("QC_PLANNING_TIMINGS") == "1"
        ? Glpk.SkipReason()
        : "solve-time report: set QC_PLANNING_TIMINGS=1 to run";
}
