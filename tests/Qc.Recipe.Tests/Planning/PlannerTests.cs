using Qc.Recipe.Diagnostics;
using Qc.Recipe.Planning;

namespace Qc.Recipe.Tests.Planning;

public sealed class PlannerTests
{
    private const string Recipe = TestRecipes.Header + """
        quantize:
          weights: int8(per_channel)
          activations: uint8
          rules:
            - name: convs
              match: op == Conv and not is_depthwise
              weights: int8(per_channel, asymmetric)
              activations: uint8(asymmetric)
            - name: head
              match: op in [MatMul, Gemm]
              weights: fp16
              activations: fp16
            - name: stem
              match: is_first
              weights: fp16
        allocate:
          over: name ~ "^block\\.pw"
          choices: [int8(per_channel), int4(group=8), nm(2, 4) |> int4(group=4)]
          subject_to: [size <= 0.5 * fp32.size]
        prune:
          - match: op == Gemm
            pattern: unstructured(0.5)
          - name: gemm-nm
            match: op == Gemm
            method: wanda
            pattern: 2:4
        """;

    private static CompressionPlan Plan(string yaml)
    {
        var result = TestRecipes.Run(yaml);
        Assert.True(result.Plan is not null, TestRecipes.Render(result));
        return result.Plan;
    }

    [Fact]
    public void Precedence_DefaultsQuantizeRulesAllocate()
    {
        var result = TestRecipes.Run(Recipe);
        Assert.Equal("QC2033", TestRecipes.Codes(result)); // prune[0] is replaced by gemm-nm on its only op
        var rows = result.Plan!.Layers.ToDictionary(l => l.Layer.Name);
        Assert.Equal("fp16", rows["stem"].WeightsText);
        Assert.Equal("rule 'stem'", rows["stem"].WeightsSource.Label);
        Assert.Equal("int8(per_channel)", rows["block.dw"].WeightsText);
        Assert.Equal("quantize", rows["block.dw"].WeightsSource.Label);
        Assert.True(rows["block.pw1"].Allocated);
        Assert.Equal("allocate: candidates [int8(per_channel), nm(2, 4) |> int4(group=4)]", rows["block.pw1"].WeightsText);
        Assert.Equal("allocate: candidates [int8(per_channel), int4(group=8), nm(2, 4) |> int4(group=4)]", rows["block.pw2"].WeightsText);
        Assert.Equal("fp16", rows["head.fc2"].ActivationsText);
        Assert.Equal("uint8(asymmetric)", rows["block.pw2"].ActivationsText);
        Assert.Equal("uint8", rows["block.dw"].ActivationsText);
        Assert.Equal("2:4 wanda", rows["head.fc2"].PruneText);
        Assert.Equal("rule 'head', prune 'gemm-nm'", rows["head.fc2"].DecidedBy);
        Assert.Equal("-", rows["head.fc1"].PruneText);
    }

    [Fact]
    public void Explain_ListsTheMatchingSteps_InPrecedenceOrder()
    {
        var plan = Plan(Recipe);
        var text = PlanPrinter.Explain(plan.Find("block.pw1")!);
        var lines = text.Split('\n');
        Assert.StartsWith("block.pw1 (Conv, weight pw1.w 8x4x1x1, 32 params, 2.05k MACs, reduced 4, depth 3)", lines[0], StringComparison.Ordinal);
        Assert.Contains("1. default", lines[2], StringComparison.Ordinal);
        Assert.Contains("2. quantize (test.yaml:3:1)", lines[3], StringComparison.Ordinal);
        Assert.Contains("3. rule 'convs' (test.yaml:7:7)", lines[4], StringComparison.Ordinal);
        Assert.Contains("[match: op == Conv and not is_depthwise]", lines[4], StringComparison.Ordinal);
        Assert.Contains("4. allocate (test.yaml:18:1)", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("final: weights allocate: candidates [int8(per_channel), nm(2, 4) |> int4(group=4)] (allocate), activations uint8(asymmetric) (rule 'convs'), prune none (default)", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Find_AcceptsNodeOutputAndWeightNames()
    {
        var plan = Plan(Recipe);
        Assert.Same(plan.Find("head.fc2"), plan.Find("y"));
        Assert.Same(plan.Find("head.fc2"), plan.Find("fc2.w"));
        Assert.Null(plan.Find("nothing"));
    }

    [Fact]
    public void Fit_IsCheckedOnTheFinalDecision_Only()
    {
        // int4(group=8) does not fit the stem (27), dw (9) and pw1 (4), but rules take those layers
        var yaml = TestRecipes.Header + "quantize:\n  weights: int4(group=8)\n  rules:\n    - match: reduced % 8 != 0\n      weights: int8(per_channel)\n";
        Assert.Equal("QC1122", TestRecipes.Codes(TestRecipes.Run(yaml))); // there is no % operator
        yaml = TestRecipes.Header + "quantize:\n  weights: int4(group=8)\n  rules:\n    - match: reduced in [27, 9, 4]\n      weights: int8(per_channel)\n";
        var result = TestRecipes.Run(yaml);
        Assert.True(result.Success, TestRecipes.Render(result));
    }

    [Fact]
    public void Fit_ListsEveryLayer_OnceForTheArgument()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: fp4_e2m1\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(RecipeDiagnosticCodes.DoesNotFitLayer, d.Code.Number);
        Assert.Contains("'stem' has reduced dimension 27", d.Message, StringComparison.Ordinal);
        Assert.Contains("and 2 more", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int8(axis=2)", "axis=2")]
    [InlineData("lowrank(rank=8)", "rank=8")]
    [InlineData("vq(dim=3)", "dim=3")]
    [InlineData("nf4", "nf4 (group 64 by default)")]
    public void Fit_OtherArguments(string codec, string what)
    {
        var result = TestRecipes.Run(TestRecipes.Header + $"quantize:\n  rules:\n    - match: op in [MatMul, Gemm]\n      weights: {codec}\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(RecipeDiagnosticCodes.DoesNotFitLayer, d.Code.Number);
        Assert.StartsWith($"'{what}' needs", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelPruning_KeepsAChannel()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "prune:\n  - match: op == Gemm\n    method: l1_norm\n    pattern: channel(0.95)\n");
        Assert.Equal("QC2025", TestRecipes.Codes(result));
    }

    [Fact]
    public void Shadowing_ByAllocate_IsReported()
    {
        var yaml = TestRecipes.Header + "quantize:\n  rules:\n    - match: name ~ \"^block\\\\.pw\"\n      weights: int8(per_channel)\n"
            + "allocate:\n  over: op == Conv\n  choices: [int8(per_channel), int4(per_channel)]\n  subject_to: [size <= 0.5 * fp32.size]\n";
        var result = TestRecipes.Run(yaml);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(RecipeDiagnosticCodes.RuleShadowed, d.Code.Number);
        Assert.Equal("overridden by allocate", d.Notes[0].Message);
    }

    [Fact]
    public void Shadowing_NeedsEverySettingOverridden()
    {
        // the later rule overrides the weights but not the activations: not shadowed
        var yaml = TestRecipes.Header + "quantize:\n  rules:\n    - match: op == Gemm\n      weights: int8(per_channel)\n      activations: fp16\n    - match: op in [Gemm, MatMul]\n      weights: fp16\n";
        Assert.True(TestRecipes.Run(yaml).Success);
        Assert.Empty(TestRecipes.Run(yaml).Diagnostics);
    }

    [Fact]
    public void SelectorsMatchingNothing_NameTheClosestOps()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "prune:\n  - match: name == \"head.fc3\"\n    pattern: unstructured(0.5)\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(RecipeDiagnosticCodes.SelectorMatchesNothing, d.Code.Number);
        Assert.Equal("closest op names to 'head.fc3': 'head.fc1', 'head.fc2', 'block.dw'", d.Hint);
    }

    [Fact]
    public void SelectorsMatchingNothing_NameTheOpTypes()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  rules:\n    - match: op == ConvTranspose\n      weights: fp16\n");
        Assert.Contains("no weight-bearing 'ConvTranspose' ops; it has Conv (4), Gemm (1), MatMul (1)", Assert.Single(result.Diagnostics).Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_IsAligned_AndDeterministic()
    {
        var a = PlanPrinter.Table(Plan(Recipe));
        var b = PlanPrinter.Table(Plan(Recipe));
        Assert.Equal(a, b);
        var lines = a.Split('\n');
        var header = lines[3];
        Assert.StartsWith("#  name       op      weight", header, StringComparison.Ordinal);
        var column = header.IndexOf("weights", StringComparison.Ordinal);
        Assert.All(lines.Skip(4).Take(6), l => Assert.NotEqual(' ', l[column]));
    }

    [Fact]
    public void Json_HasOneObjectPerLayer()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(PlanPrinter.Json(Plan(Recipe)));
        var layers = doc.RootElement.GetProperty("layers");
        Assert.Equal(6, layers.GetArrayLength());
        var pw1 = layers[2];
        Assert.Equal("block.pw1", pw1.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, pw1.GetProperty("weights").ValueKind);
        Assert.Equal(2, pw1.GetProperty("candidates").GetArrayLength());
        Assert.Equal("allocate", pw1.GetProperty("decidedBy").GetProperty("weights").GetString());
        Assert.Equal("2:4", layers[5].GetProperty("prune").GetProperty("pattern").GetString());
    }
}
