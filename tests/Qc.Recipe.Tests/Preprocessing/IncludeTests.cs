namespace Qc.Recipe.Tests.Preprocessing;

public sealed class IncludeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-include-" + Guid.NewGuid().ToString("N"));

    public IncludeTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "shared"));
        File.Copy(Path.Combine(TestRecipes.GoldenDir, "tiny.qir"), Path.Combine(_dir, "tiny.qir"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    private RecipeResult Run(string name = "recipe.yaml") =>
        RecipeFrontEnd.Run(name, TestRecipes.Load, new RecipeOptions { WorkingDirectory = _dir, Environment = new Dictionary<string, string>() });

    [Fact]
    public void Fragments_Merge_RulesConcatenate_IncluderWins()
    {
        Write("shared/base.yaml", "include: inner.yaml\nquantize:\n  weights: int8(per_channel)\n  activations: uint8\n  rules:\n    - name: from-base\n      match: is_first\n      weights: fp16\n");
        Write("shared/inner.yaml", "target: x86_64-linux-gnu:znver4\n");
        Write("recipe.yaml", "include: shared/base.yaml\n" + TestRecipes.Header + "quantize:\n  weights: int4(per_channel)\n  rules:\n    - name: own\n      match: is_last\n      weights: int8(per_channel)\n");
        var result = Run();
        Assert.True(result.Success, TestRecipes.Render(result));
        var q = result.Recipe!.Quantize!;
        Assert.Equal("int4(per_channel)", q.Weights!.ToString());
        Assert.Equal("uint8", q.Activations!.ToString());
        Assert.Equal(["rule 'from-base'", "rule 'own'"], q.Rules.Select(r => r.Label));
        Assert.Equal("x86_64-linux-gnu:znver4", result.Recipe.Target!.ToString());
        Assert.Equal(3, result.Syntax!.Files.Length);
    }

    [Fact]
    public void Diagnostics_PointIntoTheFragment()
    {
        Write("shared/bad.yaml", "quantize:\n  weights: int9\n");
        Write("recipe.yaml", TestRecipes.Header + "include: shared/bad.yaml\n");
        var result = Run();
        Assert.Equal("QC2020", TestRecipes.Codes(result));
        Assert.StartsWith("shared/bad.yaml:2:12:", TestRecipes.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void PathsInFragments_AreRelativeToTheFragment()
    {
        Write("shared/paths.yaml", "output: ../out/x.qcpkg\n");
        Write("recipe.yaml", TestRecipes.Header + "include: [shared/paths.yaml]\n");
        var result = Run();
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal(Path.Combine(_dir, "out", "x.qcpkg"), result.Recipe!.Output!.Full);
        Assert.Contains("output: 'out/x.qcpkg'", RecipeFrontEnd.Canonical(result.Recipe), StringComparison.Ordinal);
    }

    [Fact]
    public void SelfInclude_IsACycle()
    {
        Write("recipe.yaml", TestRecipes.Header + "include: recipe.yaml\n");
        Assert.Equal("QC1113", TestRecipes.Codes(Run()));
    }

    [Fact]
    public void MissingFragment_IsReportedAtTheInclude()
    {
        Write("recipe.yaml", TestRecipes.Header + "include: [shared/none.yaml]\n");
        var result = Run();
        Assert.Equal("QC1100", TestRecipes.Codes(result));
        Assert.StartsWith("recipe.yaml:3:11:", TestRecipes.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void VarsInFragments_AreNotAllowed()
    {
        Write("shared/v.yaml", "vars:\n  X: 1\n");
        Write("recipe.yaml", TestRecipes.Header + "include: shared/v.yaml\n");
        Assert.Equal("QC2028", TestRecipes.Codes(Run()));
    }

    [Fact]
    public void IncludePaths_UseVariables()
    {
        Write("shared/q.yaml", "quantize:\n  weights: fp16\n");
        Write("recipe.yaml", TestRecipes.Header + "vars:\n  SHARED: shared\ninclude: ${SHARED}/q.yaml\n");
        var result = Run();
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal("fp16", result.Recipe!.Quantize!.Weights!.ToString());
    }
}
