using Qc.Driver;
using Qc.Recipe.Planning;

namespace Qc.Recipe.Tests.Planning;

/// <summary>`qc plan` on the shipped examples against the real PaddleOCR models (approval files).</summary>
public sealed class ExamplePlanTests
{
    private const string Cls = "examples/paddleocr-cls/recipe.yaml";
    private const string Det = "examples/paddleocr-det/recipe.yaml";
    private const string FashionCnn = "examples/fashion-cnn/recipe.yaml";
    private const string FashionVit = "examples/fashion-vit/recipe.yaml";

    private static PlanOutcome Plan(string recipe, bool json = false, string? explain = null)
    {
        var options = new RecipeOptions { WorkingDirectory = TestEnvironment.RepoRoot, Environment = new Dictionary<string, string>() };
        var outcome = RecipePlan.Run(recipe, json, explain, options);
        Assert.True(outcome.Success, Qc.Core.Diagnostics.DiagnosticFormatter.Format(outcome.Diagnostics));
        Assert.All(outcome.Diagnostics, d => Assert.Equal(Qc.Recipe.Diagnostics.RecipeDiagnosticCodes.DataNotFound, d.Code.Number));
        return outcome;
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Cls_Table()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        Plan(Cls).Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Cls_Json()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        Plan(Cls, json: true).Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Cls_ExplainAllocatedPointwise()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        Plan(Cls, explain: "p2o.Conv.19").Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Cls_ExplainUnknownName_IsQC2043()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        var options = new RecipeOptions { WorkingDirectory = TestEnvironment.RepoRoot, Environment = new Dictionary<string, string>() };
        var outcome = RecipePlan.Run(Cls, false, "p2o.Conv.99", options);
        Assert.False(outcome.Success);
        var d = outcome.Diagnostics[^1];
        Assert.Equal("QC2043", d.Code.ToString());
        Assert.Contains("'p2o.Conv.19'", d.Hint, StringComparison.Ordinal);
    }

    [DataFact(TestEnvironment.DetModel)]
    public void Det_Table()
    {
        TestEnvironment.Require(TestEnvironment.DetModel);
        Plan(Det).Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }

    // The Fashion-MNIST fixtures are committed, so these run everywhere; without the dataset the data paths warn (QC2006).
    [Fact]
    public void FashionCnn_Table() => Plan(FashionCnn).Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());

    [Fact]
    public void FashionCnn_Json() => Plan(FashionCnn, json: true).Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());

    [Fact]
    public void FashionCnn_ExplainPinnedClassifier() =>
        Plan(FashionCnn, explain: "/fc2/Gemm").Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());

    [Fact]
    public void FashionVit_Table() => Plan(FashionVit).Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());

    [Fact]
    public void FashionVit_Json() => Plan(FashionVit, json: true).Text!.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
}
