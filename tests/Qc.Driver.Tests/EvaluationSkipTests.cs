using Qc.Core.Diagnostics;
using Qc.Driver.Compile;

namespace Qc.Driver.Tests;

/// <summary><c>evaluate.skip</c>: evaluation passes over the first samples (a held-out split of a file).</summary>
public sealed class EvaluationSkipTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-skip-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private CompileOutcome Compile(string name, string evaluateLimits)
    {
        var path = FashionRecipe.Write(Path.Combine(_dir, name), "int8(per_channel)", null, "top1_drop <= 100%");
        File.WriteAllText(path, File.ReadAllText(path).Replace("  samples: 2000\n", evaluateLimits, StringComparison.Ordinal));
        return CompilePhase.Run(new CompileRequest(path) { CacheDirectory = Path.Combine(_dir, "cache") });
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void Skip_EvaluatesTheRest_AndASkipPastTheEnd_IsQC4405()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var tail = Compile("tail", "  skip: 9900\n");
        tail.Success.ShouldBeTrue(DiagnosticFormatter.Format(tail.Diagnostics.ToList()));
        tail.Evaluation!.Samples.ShouldBe(100);
        var window = Compile("window", "  skip: 100\n  samples: 50\n");
        window.Evaluation!.Samples.ShouldBe(50);
        window.Evaluation.Values["top1_ref"].ShouldNotBe(tail.Evaluation.Values["top1_ref"]); // other images

        var past = Compile("past", "  skip: 10000\n");
        past.Success.ShouldBeFalse();
        var d = past.Diagnostics.Single(x => x.IsError);
        d.Code.Number.ShouldBe(CompileCodes.BadEvaluationData);
        d.Message.ShouldContain("leaves none of the 10000 samples");
    }
}
