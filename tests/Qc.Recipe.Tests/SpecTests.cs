using Qc.Recipe.Binding;
using Qc.Recipe.Registry;

namespace Qc.Recipe.Tests;

/// <summary>specs/expressions.md and specs/recipe.md name everything the registry and the binder know.</summary>
public sealed class SpecTests
{
    private static readonly string s_expressions = File.ReadAllText(TestEnvironment.Resolve("specs/expressions.md"));
    private static readonly string s_recipe = File.ReadAllText(TestEnvironment.Resolve("specs/recipe.md"));

    [Fact]
    public void EveryRegisteredFunction_IsDocumented()
    {
        var r = CompressionRegistry.Default;
        var names = r.Codecs.Keys.Where(n => !(n.StartsWith("int", StringComparison.Ordinal) || n.StartsWith("uint", StringComparison.Ordinal)))
            .Concat(r.Calibrators.Keys).Concat(r.Metrics.Keys).Concat(r.Sensitivities.Keys).Concat(r.PrunePatterns.Keys).Concat(r.PruneMethods.Keys);
        var missing = names.Distinct().Where(n => !s_expressions.Contains($"`{n}", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "undocumented: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryParameter_IsDocumented()
    {
        var missing = CompressionRegistry.Default.Codecs.Values.SelectMany(f => f.Parameters)
            .SelectMany(p => p.Type == ParameterType.Choice ? p.Choices.AsEnumerable() : [p.Name])
            .Distinct()
            .Where(n => !s_expressions.Contains($"`{n}", StringComparison.Ordinal) && !s_expressions.Contains($"`{n}=", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, "undocumented: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryFact_IsDocumented()
    {
        var missing = Facts.All.Select(f => f.Name).Where(n => !s_expressions.Contains($"| `{n}` |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "undocumented: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("qc")]
    [InlineData("model")]
    [InlineData("inputs")]
    [InlineData("target")]
    [InlineData("calibration")]
    [InlineData("quantize")]
    [InlineData("allocate")]
    [InlineData("prune")]
    [InlineData("evaluate")]
    [InlineData("output")]
    [InlineData("include")]
    [InlineData("vars")]
    public void EveryKey_IsDocumented(string key) => Assert.Contains($"| `{key}` |", s_recipe, StringComparison.Ordinal);

    [Fact]
    public void EveryTarget_IsDocumented()
    {
        var missing = Binder.Targets.SelectMany(t => t.Value.Append(t.Key)).Where(t => !s_recipe.Contains(t, StringComparison.Ordinal)
            && !(t.StartsWith("znver", StringComparison.Ordinal) && s_recipe.Contains("`znver2` … `znver5`", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "undocumented targets: " + string.Join(", ", missing));
    }
}
