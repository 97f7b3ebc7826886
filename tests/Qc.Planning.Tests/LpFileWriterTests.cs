using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>The CPLEX LP export: exact text for a small problem, determinism, and (when <c>glpsol</c> is installed) the same
/// optimum as the in-process solvers.</summary>
public sealed partial class LpFileWriterTests
{
    internal const string Glpsol = "/usr/bin/glpsol";

    [Fact]
    public void SmallProblem_HasTheExpectedText()
    {
        var layers = new[]
        {
            new AllocationLayer("conv1", [AllocationCandidate.Create("int4", 0.5, ("size", 10)), AllocationCandidate.Create("int8", 0, ("size", 20))]),
            new AllocationLayer("conv2", [AllocationCandidate.Create("int4", 0.25, ("size", 12)), AllocationCandidate.Create("int8", 0, ("size", 24))]),
        };
        var problem = new AllocationProblem(layers, [new AllocationBudget("size", 35)],
            ties: [new AllocationTie(["conv1", "conv2"], "rule 't'")],
            pins: [new AllocationPin("conv1", ["int8"], "rule 'keep'")]);
        Assert.Equal(
            """
            \ qc bit allocation: 2 layers, 4 columns, 5 rows
            \ x_1_1: 'conv1' / 'int4'
            \ x_1_2: 'conv1' / 'int8'
            \ x_2_1: 'conv2' / 'int4'
            \ x_2_2: 'conv2' / 'int8'
            Minimize
             obj: 0.5 x_1_1 + 0 x_1_2 + 0.25 x_2_1 + 0 x_2_2
            Subject To
             one_1: 1 x_1_1 + 1 x_1_2 = 1
             one_2: 1 x_2_1 + 1 x_2_2 = 1
             budget_size: 10 x_1_1 + 20 x_1_2 + 12 x_2_1 + 24 x_2_2 <= 35
             tie_1_1_1: 1 x_1_1 - 1 x_2_1 = 0
             tie_1_1_2: 1 x_1_2 - 1 x_2_2 = 0
            Bounds
             x_1_1 = 0
            Binary
             x_1_1 x_1_2 x_2_1 x_2_2
            End

            """.ReplaceLineEndings("\n"),
            LpFileWriter.Write(problem));
    }

    [Fact]
    public void Output_IsDeterministic_AndLinesStayShort()
    {
        var a = LpFileWriter.Write(Instances.SingleBudget(new Random(8), 300, 2, 5, 0.4));
        var b = LpFileWriter.Write(Instances.SingleBudget(new Random(8), 300, 2, 5, 0.4));
        Assert.Equal(a, b);
        Assert.All(a.Split('\n'), line => Assert.True(line.Length < 255, line));
    }

    [Fact]
    public void WriteFile_WritesTheSameText()
    {
        var problem = Instances.SingleBudget(new Random(6), 5, 2, 3, 0.5);
        var path = Path.Combine(Path.GetTempPath(), $"qc-lp-{Environment.ProcessId}.lp");
        try
        {
            LpFileWriter.WriteFile(problem, path);
            Assert.Equal(LpFileWriter.Write(problem), File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GlpsolFact]
    public void Glpsol_FindsTheSameOptimum()
    {
        Glpk.Require();
        var rng = new Random(12);
        for (var i = 0; i < 6; i++)
        {
            var basic = i % 2 == 0 ? Instances.SingleBudget(rng, 30, 2, 4, 0.45) : Instances.TwoBudgets(rng, 30, 2, 4, 0.45, 0.35);
            var problem = Instances.WithTiesAndPins(rng, basic, 3, i % 3);
            var expected = BitAllocator.Allocate(problem, new GlpkSolver());
            var lp = Path.Combine(Path.GetTempPath(), $"qc-glpsol-{Environment.ProcessId}-{i}.lp");
            var sol = lp + ".out";
            try
            {
                LpFileWriter.WriteFile(problem, lp);
                using var process = Process.Start(new ProcessStartInfo(Glpsol, ["--lp", lp, "-o", sol]) { RedirectStandardOutput = true })!;
                _ = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                var report = File.ReadAllText(sol);
                if (!expected.HasSolution)
                {
                    Assert.Contains("INTEGER EMPTY", report, StringComparison.Ordinal);
                    continue;
                }

                var m = ObjectiveLine().Match(report);
                Assert.True(m.Success, report);
                SolverAgreementTests.AssertClose(expected.Objective, double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), $"instance {i}");
            }
            finally
            {
                File.Delete(lp);
                File.Delete(sol);
            }
        }
    }

    [GeneratedRegex(@"Objective:\s+obj = (\S+)")]
    private static partial Regex ObjectiveLine();
}

/// <summary>A fact needing GLPK and the optional <c>glpsol</c> (Debian <c>glpk-utils</c>); skipped when <c>glpsol</c> is absent,
/// also under CI, because the LP cross-check is optional.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GlpsolFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public GlpsolFactAttribute() => Skip = !File.Exists(LpFileWriterTests.Glpsol)
        ? $"{LpFileWriterTests.Glpsol} is not installed (Debian glpk-utils); the LP cross-check is optional"
        : Glpk.SkipReason();
}
