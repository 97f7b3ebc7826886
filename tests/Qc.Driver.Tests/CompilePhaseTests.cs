using System.Text.Json;
using Qc.Core.Diagnostics;
using Qc.Driver.Compile;
using Qc.Recipe;

namespace Qc.Driver.Tests;

/// <summary>The compile phase on the Fashion-MNIST CNN fixture (FP32 top-1 92.08% on the 10k test images).</summary>
public sealed class CompilePhaseTests : IClassFixture<CompilePhaseTests.Cache>, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-compile-" + Guid.NewGuid().ToString("N"));
    private readonly Cache _cache;

    public CompilePhaseTests(Cache cache) => _cache = cache;

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>One calibration/sensitivity cache for the class, so each test does not recalibrate.</summary>
    public sealed class Cache : IDisposable
    {
        public string Dir { get; } = Path.Combine(Path.GetTempPath(), "qc-compile-cache-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(Dir))
            {
                Directory.Delete(Dir, recursive: true);
            }
        }
    }

    private CompileOutcome Compile(string recipe, string name, int maxRounds = 3) =>
        CompilePhase.Run(new CompileRequest(recipe) { OutputDirectory = Path.Combine(_dir, name), CacheDirectory = _cache.Dir, MaxRounds = maxRounds });

    private static string Errors(CompileOutcome o) => DiagnosticFormatter.Format(o.Diagnostics.ToList());

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void Int8WeightsUint8Activations_LoseAtMostHalfAPoint()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "int8"), "int8(per_channel)", null, "top1_drop <= 0.5%");
        var o = Compile(recipe, "int8");
        o.Success.ShouldBeTrue(Errors(o));
        var m = o.Evaluation!.Values;
        o.Evaluation.Samples.ShouldBe(2000);
        (m["top1_ref"] - m["top1"]).ShouldBeLessThanOrEqualTo(0.005);
        m["agreement"].ShouldBeGreaterThan(0.98);
        m["sqnr"].ShouldBeGreaterThan(20);
        o.TotalBytes.ShouldBeLessThan(o.Fp32Bytes * 3 / 10);
        File.Exists(o.ModelPath).ShouldBeTrue();
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void Allocation_BeatsUniformInt4_AtTheSameSize()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var uniform = Compile(FashionRecipe.Write(Path.Combine(_dir, "u4"), "int4(per_channel)", null, "top1_drop <= 100%"), "u4");
        uniform.Success.ShouldBeTrue(Errors(uniform));
        var budget = $"size <= {uniform.TotalBytes}";
        var allocated = Compile(FashionRecipe.Write(Path.Combine(_dir, "alloc"), "int8(per_channel)", FashionRecipe.Allocate(budget), "top1_drop <= 100%"), "alloc");
        allocated.Success.ShouldBeTrue(Errors(allocated));
        allocated.TotalBytes.ShouldBeLessThanOrEqualTo(uniform.TotalBytes);
        allocated.Layers.Count(l => l.Allocated).ShouldBe(3);
        var (a, u) = (allocated.Evaluation!.Values["top1"], uniform.Evaluation!.Values["top1"]);
        Console.WriteLine($"uniform int4: {uniform.TotalBytes} bytes, top1 {u:0.0000}; allocated: {allocated.TotalBytes} bytes, top1 {a:0.0000}");
        a.ShouldBeGreaterThan(u);
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void QdqExport_MatchesFakeQuantSimulation()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "sim"), "int4(per_channel)", FashionRecipe.Allocate("size <= 0.15 * fp32.size"), "top1_drop <= 100%");
        var bag = new DiagnosticBag();
        var front = RecipeCheck.Run(recipe);
        front.Success.ShouldBeTrue(DiagnosticFormatter.Format(front.Diagnostics.ToList()));
        var session = new CompileSession(new CompileRequest(recipe) { CacheDirectory = _cache.Dir }, front.Recipe!, front.Plan!, bag, null);
        (session.Prepare() && session.Calibrate()).ShouldBeTrue(DiagnosticFormatter.Format(bag.ToList()));
        var choices = session.Layers.Where(l => l.Fixed is null).ToDictionary(l => l.Name, l => l.Candidates[^1]);
        var qdq = session.Apply(choices)!;
        var simulated = session.Apply(choices, simulate: true)!;
        qdq.ShouldNotBe(simulated);
        var samples = Core.Data.Datasets.Open(FashionRecipe.Data + "/t10k-images-idx3-ubyte.gz").ReadSamples().Take(64).ToList();
        // With graph optimizations off, ORT computes the QDQ graph as written: qc's simulation. (Its QDQ transforms, from the
        // basic level up, move values by up to ~0.1 logit here; evaluation runs at the default level, as deployments do.)
        var a = SensitivityAnalysis.Outputs(qdq, samples, OnnxRuntime.OrtOptimizationLevel.Disabled);
        var b = SensitivityAnalysis.Outputs(simulated, samples, OnnxRuntime.OrtOptimizationLevel.Disabled);
        var maxDiff = a.Zip(b).SelectMany(p => p.First[0].Zip(p.Second[0], (x, y) => Math.Abs(x - y))).Max();
        var fused = SensitivityAnalysis.Outputs(qdq, samples).Zip(b).SelectMany(p => p.First[0].Zip(p.Second[0], (x, y) => Math.Abs(x - y))).Max();
        Console.WriteLine($"max |QDQ - simulation| over 64 images: {maxDiff:G3} (ORT optimizations off), {fused:G3} (ORT default level)");
        maxDiff.ShouldBeLessThan(1e-5f);
        var ref32 = SensitivityAnalysis.Outputs(session.Fp32Model, samples);
        a.Zip(ref32).SelectMany(p => p.First[0].Zip(p.Second[0], (x, y) => Math.Abs(x - y))).Max().ShouldBeGreaterThan(1e-3f); // it is compressed
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void FailingGate_IsQC4407_WithTheMeasuredNumbers()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "gate"), "int2(per_channel)", null, "top1_drop <= 0.1% and cosine >= 0.999");
        var o = Compile(recipe, "gate");
        o.Success.ShouldBeFalse();
        var d = o.Diagnostics.Single(x => x.Code.Number == CompileCodes.GateFailed);
        d.Message.ShouldContain("top1_drop <= 0.1% and cosine >= 0.999");
        d.Message.ShouldContain("top1 0.");
        d.Message.ShouldContain("cosine 0.");
        o.GatePassed.ShouldBeFalse();
        o.Rounds.Length.ShouldBe(1);
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void FailingGate_WithAllocate_RunsBoundedRounds_WithCuts()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "rounds"), "int8(per_channel)", FashionRecipe.Allocate("size <= 0.12 * fp32.size"), "cosine >= 0.9999");
        var o = Compile(recipe, "rounds", maxRounds: 2);
        o.Success.ShouldBeFalse();
        o.Rounds.Length.ShouldBe(2);
        o.Rounds[0].Choices.ShouldNotBe(o.Rounds[1].Choices);
        o.Diagnostics.ShouldContain(x => x.Code.Number == CompileCodes.GateFailed);
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void InfeasibleBudget_IsQC4001_NamingTheSmallestSize()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "inf"), "int8(per_channel)", FashionRecipe.Allocate("size <= 0.01 * fp32.size"), "top1_drop <= 1%");
        var o = Compile(recipe, "inf");
        o.Success.ShouldBeFalse();
        var d = o.Diagnostics.Single(x => x.Code.Number == 4001);
        d.Message.ShouldContain("smallest model is");
        d.Location.ShouldBeOfType<SourceLocation>();
        o.ModelPath.ShouldBeNull();
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void Outputs_AreByteIdentical_AcrossRuns()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "det"), "int8(per_channel)", FashionRecipe.Allocate("size <= 0.15 * fp32.size"), "top1_drop <= 1%", 500);
        var first = Compile(recipe, "a");
        var second = CompilePhase.Run(new CompileRequest(recipe) { OutputDirectory = Path.Combine(_dir, "b"), CacheDirectory = Path.Combine(_dir, "fresh-cache") });
        first.Success.ShouldBeTrue(Errors(first));
        second.Success.ShouldBeTrue(Errors(second));
        File.ReadAllBytes(first.PlanPath!).ShouldBe(File.ReadAllBytes(second.PlanPath!));
        File.ReadAllBytes(first.ModelPath!).ShouldBe(File.ReadAllBytes(second.ModelPath!));
        using var plan = JsonDocument.Parse(File.ReadAllBytes(first.PlanPath!));
        var layers = plan.RootElement.GetProperty("layers");
        layers.GetArrayLength().ShouldBe(5);
        var allocated = layers.EnumerateArray().Where(l => l.TryGetProperty("candidates", out _)).ToList();
        allocated.Count.ShouldBe(3);
        foreach (var c in allocated.SelectMany(l => l.GetProperty("candidates").EnumerateArray()))
        {
            c.GetProperty("hessianProxy").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
            c.GetProperty("outputMse").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        }
        plan.RootElement.GetProperty("provenance").GetProperty("modelSha256").GetString()!.Length.ShouldBe(64);
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void LatencyBudget_IsReportedInPlanJson_WithItsUse()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "lat"), "int8(per_channel)",
            FashionRecipe.Allocate("size <= 0.15 * fp32.size, latency <= 0.3 * fp32.latency"), "top1_drop <= 100% and latency <= fp32.latency", 200);
        var o = Compile(recipe, "lat");
        o.Success.ShouldBeTrue(Errors(o));
        var budget = o.Budgets.Single(b => b.Resource == "latency");
        budget.Limit.ShouldBe(0.3 * o.Fp32LatencySeconds, 1e-9 * o.Fp32LatencySeconds);
        budget.Used.ShouldBeLessThanOrEqualTo(budget.Limit);
        budget.Used.ShouldBe(o.LatencySeconds, 1e-12 * o.LatencySeconds);
        o.LatencySeconds.ShouldBe(o.Layers.Sum(l => l.LatencySeconds), 1e-12 * o.LatencySeconds);
        using var plan = JsonDocument.Parse(File.ReadAllBytes(o.PlanPath!));
        var json = plan.RootElement.GetProperty("budgets").EnumerateArray().Single(b => b.GetProperty("resource").GetString() == "latency");
        json.GetProperty("text").GetString().ShouldBe("latency <= 0.3 * fp32.latency");
        json.GetProperty("used").GetDouble().ShouldBe(budget.Used);
        plan.RootElement.GetProperty("totals").GetProperty("fp32LatencySeconds").GetDouble().ShouldBe(o.Fp32LatencySeconds);
        foreach (var c in plan.RootElement.GetProperty("layers").EnumerateArray().Where(l => l.TryGetProperty("candidates", out _))
            .SelectMany(l => l.GetProperty("candidates").EnumerateArray()))
        {
            c.GetProperty("latencySeconds").GetDouble().ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public void PackageEmit_MissingRecipe_IsTheRecipeError_NotQC4401()
    {
        // The package emit exists now (tests/Qc.Driver.Tests/Emit); QC4401 is retired.
        var o = CompilePhase.Run(new CompileRequest("any.yaml") { Emit = CompileEmit.Package });
        o.Success.ShouldBeFalse();
        o.Diagnostics.ShouldNotContain(d => d.Code.Number == CompileCodes.EmitUnavailable);
    }
}
