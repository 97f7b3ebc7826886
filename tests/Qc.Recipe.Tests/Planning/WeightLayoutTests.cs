namespace Qc.Recipe.Tests.Planning;

/// <summary>Where a format's scales run on each op: the planner makes every format concrete per layer (specs/recipe.md,
/// "Where scales and groups run").</summary>
public sealed class WeightLayoutTests
{
    private const string Recipe = TestRecipes.Header + """
        quantize:
          weights: int8
          activations: int8
          rules:
            - match: reduced in [4, 8, 32]
              weights: int4(group=4)
            - match: name == "stem"
              weights: int8(per_tensor)
            - match: is_depthwise
              weights: nm(1, 3) |> int8(group=3, axis=2)
        """;

    [Theory]
    [InlineData("stem", "int8(per_tensor)", "", "weight", "per tensor")]
    [InlineData("block.dw", "int8(group=3, axis=2)", "4x1x3x3", "weight", "groups of 3 on axis 2")]
    [InlineData("block.pw1", "int4(group=4)", "8x4", "reshape", "groups of 4 on axis 1 of 8x4 (reshape)")]
    [InlineData("block.pw2", "int4(group=4)", "8x8", "reshape", "groups of 4 on axis 1 of 8x8 (reshape)")]
    [InlineData("head.fc1", "int4(group=4, axis=0)", "8x32", "weight", "groups of 4 on axis 0")]
    [InlineData("head.fc2", "int4(group=4)", "10x32", "weight", "groups of 4 on axis 1")]
    public void Formats_AreResolvedPerOp(string layer, string format, string dims, string view, string scales)
    {
        var result = TestRecipes.Run(Recipe);
        Assert.True(result.Success, TestRecipes.Render(result));
        var plan = result.Plan!.Layers.Single(l => l.Layer.Name == layer);
        var resolved = Assert.Single(plan.WeightFormats);
        Assert.Equal(format, resolved.Format.ToText());
        Assert.Equal(dims, string.Join("x", layer == "stem" ? [] : resolved.Dims));
        Assert.Equal(view, resolved.View);
        Assert.Equal(scales, plan.ScalesText);
    }

    [Theory]
    [InlineData("fp4_e2m1", "groups of 32 on axis 1")]
    [InlineData("fp4_e2m1(per_channel)", "axis 0")]
    [InlineData("fp4_e2m1(per_channel, axis=1)", "axis 1")]
    [InlineData("fp4_e2m1(group=5, axis=0)", "groups of 5 on axis 0")]
    [InlineData("fp8_e4m3", "axis 0")]
    [InlineData("fp8_e4m3(scale=none)", "per tensor")]
    [InlineData("int8(per_channel, axis=1)", "axis 1")]
    [InlineData("lowrank(rank=2) + int2(group=8)", "groups of 8 on axis 1")]
    public void Formats_OnAGemmWithTransB(string codec, string scales)
    {
        var result = TestRecipes.Run(TestRecipes.Header + $"quantize:\n  weights: fp16\n  rules:\n    - match: name == \"head.fc2\"\n      weights: {codec}\n");
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal(scales, result.Plan!.Layers.Single(l => l.Layer.Name == "head.fc2").ScalesText);
    }

    [Fact]
    public void PerChannel_RunsAlongTheOutputChannelAxisOfEachOp()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: int8(per_channel)\n");
        Assert.True(result.Success, TestRecipes.Render(result));
        var axes = result.Plan!.Layers.Select(l => $"{l.Layer.Name}={l.ScalesText}");
        Assert.Equal(
            "stem=axis 0 block.dw=axis 0 block.pw1=axis 0 block.pw2=axis 0 head.fc1=axis 1 head.fc2=axis 0",
            string.Join(" ", axes));
    }

    [Fact]
    public void Activations_ArePerTensor_AndSignedOnesAsymmetricUnlessWritten()
    {
        var result = TestRecipes.Run(Recipe);
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.All(result.Plan!.Layers, l => Assert.Equal("int8(per_tensor, asymmetric)", l.ActivationFormat!.Format.ToText()));
        var symmetric = TestRecipes.Run(TestRecipes.Header + "quantize:\n  activations: int8(symmetric)\n");
        Assert.All(symmetric.Plan!.Layers, l => Assert.Equal("int8(per_tensor)", l.ActivationFormat!.Format.ToText()));
    }

    [Fact]
    public void Casts_AndAllocatedLayers_HaveNoConcreteFormat()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: fp16\n  activations: fp16\n");
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.All(result.Plan!.Layers, l =>
        {
            Assert.Empty(l.WeightFormats);
            Assert.Null(l.ActivationFormat);
            Assert.Equal("-", l.ScalesText);
        });
    }
}
