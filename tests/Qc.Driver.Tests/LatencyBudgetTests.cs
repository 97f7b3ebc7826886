using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Driver.Compile;
using Qc.Planning.Allocation;
using Qc.Recipe.Model;

namespace Qc.Driver.Tests;

/// <summary>A <c>latency</c> budget becomes a row of the allocation problem priced by the target's cost model and binds the
/// solver's answer. Runs on the Fashion-MNIST CNN fixture with synthetic sensitivities (no ONNX Runtime, no data): the
/// least sensitive candidate of every layer is the widest one, so only a budget makes the solver choose narrower ones.</summary>
public sealed class LatencyBudgetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-latency-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>The session of a recipe with one budget, prepared, with sensitivity 1 / (weight bits) per candidate.</summary>
    private (CompileSession Session, Qc.Recipe.Binding.BoundAllocate Allocate, DiagnosticBag Bag) Prepare(string budget, string name, string target = "x86_64-linux-gnu")
    {
        var dir = Path.Combine(_dir, name);
        var recipe = FashionRecipe.Write(dir, "int8(per_channel)", FashionRecipe.Allocate(budget), "top1_drop <= 100%");
        File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("qc: 1\n", $"qc: 1\ntarget: {target}\n", StringComparison.Ordinal));
        var front = RecipeCheck.Run(recipe);
        front.Diagnostics.Where(d => d.IsError).ShouldBeEmpty(DiagnosticFormatter.Format(front.Diagnostics));
        var bag = new DiagnosticBag();
        var session = new CompileSession(new CompileRequest(recipe), front.Recipe!, front.Plan!, bag, null);
        session.Prepare().ShouldBeTrue(DiagnosticFormatter.Format([.. bag]));
        foreach (var layer in session.Layers.Where(l => l.Fixed is null))
        {
            foreach (var codec in layer.Candidates)
            {
                layer.Records.Add(new CandidateRecord(codec.Name, 0, 0, 0, 0, null, 1.0 / codec.WeightBits));
            }
        }

        return (session, front.Recipe!.Allocate!, bag);
    }

    /// <summary>Solves with GLPK (exact; the DP's grid may round a budget that every layer's widest choice just fills) or
    /// with <paramref name="solver"/>.</summary>
    private static AllocationResult Solve(CompileSession session, Qc.Recipe.Binding.BoundAllocate allocate, DiagnosticBag bag, out AllocationProblem problem,
        IAllocationSolver? solver = null)
    {
        var built = AllocationSetup.Build(session.Layers, allocate, session.Module, null, bag, session.Cost, session.Float32Bytes, session.Float32Seconds);
        built.ShouldNotBeNull(DiagnosticFormatter.Format([.. bag]));
        problem = built.Value.Problem;
        var result = BitAllocator.Allocate(problem, solver);
        result.HasSolution.ShouldBeTrue(DiagnosticFormatter.Format([.. result.Diagnostics]));
        return result;
    }

    /// <summary>Σ latency of the layers under the chosen candidates.</summary>
    private static double Latency(AllocationProblem problem, AllocationResult result) =>
        problem.Layers.Select((l, i) => l.Candidates[result.ChoiceIndices[i]].Cost("latency")).Sum();

    [GlpkFact]
    public void TighterLatencyBudget_GivesACheaperLatencyAssignment()
    {
        // Without a binding budget every allocated layer keeps its least sensitive choice, int8.
        var (loose, looseAllocate, looseBag) = Prepare("latency <= 1s", "loose");
        var free = Solve(loose, looseAllocate, looseBag, out var freeProblem);
        var allocated = loose.Layers.Select((l, i) => (l, i)).Where(x => x.l.Fixed is null).Select(x => x.i).ToList();
        allocated.Count.ShouldBe(3);
        allocated.ShouldAllBe(i => free.Choices[i] == "int8(per_channel)");
        var freeLatency = Latency(freeProblem, free);

        // The smallest latency any assignment reaches: every layer at its cheapest allowed candidate.
        var smallest = freeProblem.Layers.Select(l => l.Candidates.Where(c => freeProblem.Pins.Where(p => p.Layer == l.Name).All(p => p.Allowed.Contains(c.Name)))
            .Min(c => c.Cost("latency"))).Sum();
        smallest.ShouldBeLessThan(freeLatency);

        // A budget half way between binds: the solver gives up sensitivity for latency.
        var limit = loose.Float32Seconds + ((smallest + freeLatency) / 2);
        var (tight, tightAllocate, tightBag) = Prepare(string.Create(CultureInfo.InvariantCulture, $"latency <= {limit:R}"), "tight");
        var bound = Solve(tight, tightAllocate, tightBag, out var boundProblem);
        boundProblem.Budgets.ShouldHaveSingleItem().Resource.ShouldBe("latency");
        boundProblem.Budgets[0].Limit.ShouldBe(limit - tight.Float32Seconds, 1e-18);
        var boundLatency = Latency(boundProblem, bound);
        bound.Usage["latency"].ShouldBe(boundLatency, 1e-15);
        boundLatency.ShouldBeLessThanOrEqualTo(limit - tight.Float32Seconds);
        boundLatency.ShouldBeLessThan(freeLatency);
        bound.Objective.ShouldBeGreaterThan(free.Objective);
        allocated.ShouldContain(i => bound.Choices[i] != "int8(per_channel)");
    }

    [Fact]
    public void CandidateLatency_IsTheTargetsCostModel_OfItsBytesMacsAndBits()
    {
        var (session, allocate, bag) = Prepare("latency <= 1s", "arm", "aarch64-linux-gnu");
        Solve(session, allocate, bag, out var problem, new DynamicProgrammingSolver());
        var cost = CostModel.For("aarch64-linux-gnu");
        session.Cost.ShouldBe(cost);
        for (var l = 0; l < session.Layers.Count; l++)
        {
            var layer = session.Layers[l];
            foreach (var codec in layer.Codecs)
            {
                var candidate = problem.Layers[l].Candidates.Single(c => c.Name == codec.Name);
                var expected = (codec.StoredBytes(layer.Weight)!.Value / 10e9) + (layer.Macs / (40e9 * 32 / Math.Max(8, Math.Max(codec.WeightBits, layer.ActivationBits))));
                candidate.Cost("latency").ShouldBe(expected, expected * 1e-12);
            }
        }
    }

    [Fact]
    public void UnreachableLatencyBudget_IsQC4001_NamingTheSmallestTotal()
    {
        var (session, allocate, bag) = Prepare("latency <= 1us", "infeasible");
        var built = AllocationSetup.Build(session.Layers, allocate, session.Module, null, bag, session.Cost, session.Float32Bytes, session.Float32Seconds);
        var result = BitAllocator.Allocate(built!.Value.Problem, new DynamicProgrammingSolver());
        result.HasSolution.ShouldBeFalse();
        var d = result.Diagnostics.ShouldHaveSingleItem();
        d.Code.ToString().ShouldBe("QC4001");
        d.Message.ShouldMatch(@"^bit allocation is infeasible: smallest total 'latency' is [0-9.]+ us, budget is 1 us$");
        d.Hint!.ShouldMatch(@"^raise the 'latency' budget to at least [0-9.]+ us");
    }
}

/// <summary>A fact needing GLPK: skipped with the reason when <c>libglpk.so.40</c> cannot be loaded, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GlpkFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public GlpkFactAttribute() => Skip = TestEnvironment.IsCi || GlpkSolver.IsAvailable(out var reason)
        ? null
        : reason + ": run scripts/setup.sh (it installs libglpk40) or set QC_GLPK_LIB";
}
