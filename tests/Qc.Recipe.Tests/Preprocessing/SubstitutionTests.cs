namespace Qc.Recipe.Tests.Preprocessing;

public sealed class SubstitutionTests
{
    private static readonly Dictionary<string, string> s_env = new(StringComparer.Ordinal) { ["FMT"] = "int4(per_channel)", ["DIR"] = "data" };

    [Fact]
    public void Environment_IsSubstituted_InExpressions()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: ${FMT}\n", s_env);
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal("int4(per_channel)", result.Recipe!.Quantize!.Weights!.ToString());
    }

    [Fact]
    public void Vars_AreDefaults_TheEnvironmentWins()
    {
        var yaml = TestRecipes.Header + "vars:\n  FMT: int8(per_channel)\n  OTHER: ${FMT}\nquantize:\n  weights: ${OTHER}\n";
        Assert.Equal("int8(per_channel)", TestRecipes.Run(yaml).Recipe!.Quantize!.Weights!.ToString());
        Assert.Equal("int4(per_channel)", TestRecipes.Run(yaml, s_env).Recipe!.Quantize!.Weights!.ToString());
    }

    [Fact]
    public void Defaults_AndEscapes()
    {
        var yaml = TestRecipes.Header + "quantize:\n  weights: ${MISSING:-fp16}\noutput: $${literal}/x\n";
        var result = TestRecipes.Run(yaml);
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal("fp16", result.Recipe!.Quantize!.Weights!.ToString());
        Assert.Equal("${literal}/x", result.Recipe.Output!.Value);
    }

    [Fact]
    public void FlowLists_WithQuotedItems_AreSubstitutedItemByItem()
    {
        // in a YAML flow list '{' starts a mapping, so ${...} items must be quoted
        var yaml = TestRecipes.Header + "allocate:\n  over: op == Conv\n  choices: [int8(per_channel), '${FMT}']\n  subject_to: [size <= 0.5 * fp32.size]\n";
        var result = TestRecipes.Run(yaml, s_env);
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal("int4(per_channel)", result.Recipe!.Allocate!.Choices[1].ToString());
    }

    [Fact]
    public void ErrorsInSubstitutedText_PointAtTheReference()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["FMT"] = "int9" };
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: ${FMT}\n", env);
        Assert.Equal("QC2020", TestRecipes.Codes(result));
        Assert.StartsWith("test.yaml:4:12:", TestRecipes.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_SuggestsTheClosest_AndDoesNotCascade()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: ${FMTT}\n", s_env);
        Assert.Equal("QC1111", TestRecipes.Codes(result));
        Assert.Contains("did you mean 'FMT'?", TestRecipes.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Cycles_AreReportedOnce()
    {
        var yaml = TestRecipes.Header + "vars:\n  A: ${B}\n  B: ${C}\n  C: ${A}\nquantize:\n  weights: ${A}\noutput: ${B}\n";
        var result = TestRecipes.Run(yaml);
        Assert.Equal("QC1112", TestRecipes.Codes(result));
        Assert.Contains("A -> B -> C -> A", TestRecipes.Render(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${1abc}")]
    [InlineData("${A")]
    public void Malformed_References(string value) =>
        Assert.Equal("QC1110", TestRecipes.Codes(TestRecipes.Run(TestRecipes.Header + "output: " + value + "\n")));
}
