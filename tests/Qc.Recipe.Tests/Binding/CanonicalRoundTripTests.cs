namespace Qc.Recipe.Tests.Binding;

/// <summary>bind → canonical text → bind → the same canonical text.</summary>
public sealed class CanonicalRoundTripTests
{
    private const string Full = TestRecipes.Header + """
        inputs: { x: 1x3x8x8 }
        target: x86_64-linux-gnu:znver4
        vars:
          D: data
        calibration:
          data: ${D}/calib.npz
          samples: 1k
          activations: percentile(99.9)
          seed: 7
        quantize:
          weights: int8(symmetric, axis=0)
          activations: uint8(per_tensor)
          rules:
            - name: "it's the stem"
              match: is_first or (op == Conv and params > 0.1k and name ~ "^s\\w*")
              weights: fp16
            - match: op in [MatMul, Gemm] and not (shape[0] < 4)
              weights: lowrank(rank = 2) + int4(group=2*4) |> rans
              activations: fp8_e4m3
            - match: -params < -300 or attr.kernel_shape == [1, 1] and reduced >= 8
              weights: '2:4 |> int4(group=4, gptq)'
        allocate:
          over: op == Conv and not is_first and not is_depthwise
          choices: [int8(per_channel), int4(per_channel), nm(2, 4) |> int8(axis=0)]
          sensitivity: (output_mse + output_kl) / 2
          minimize: size
          subject_to: [sensitivity <= 1%, bops <= 0.5 * fp32.bops]
          tie: residual_inputs
        prune:
          - match: op == Gemm
            method: wanda
            pattern: unstructured(ratio=0.25)
          - name: channels
            match: op == Conv and reduced == 8
            method: l1_norm
            pattern: channel(0.5)
        evaluate:
          data: data/test
          samples: 100
          skip: 256
          metric: [top1, mse]
          require: top1_drop <= 1% and mse <= 1e-3 and size <= 4KiB
        output: ../out/tiny.qcpkg
        """;

    public static TheoryData<string> Recipes() => new()
    {
        Full,
        TestRecipes.Header,
        TestRecipes.Header + "quantize:\n  weights: nf4\n  rules:\n    - match: reduced % 1 == 0\n      weights: fp32\n".Replace("reduced % 1 == 0", "reduced >= 0", StringComparison.Ordinal),
        TestRecipes.Header + "prune:\n  - match: 'op == Gemm'\n    pattern: nm(n=2, m=4)\n",
        Choices,
    };

    private const string Choices = TestRecipes.Header + "quantize:\n  weights: int4(f16, asymmetric, group=4, zero_bits=8)\n"
        + "  activations: int8(scheme=symmetric, restricted)\n  rules:\n    - match: reduced in [27, 9]\n      weights: fp8_e4m3(scale=e8m0, per_channel)\n";

    [Fact]
    public void Canonical_WritesFlagChoicesBare_AndOtherChoicesNamed()
    {
        var result = TestRecipes.Run(Choices);
        Assert.True(result.Success, TestRecipes.Render(result));
        var text = Qc.Recipe.Binding.RecipePrinter.Print(result.Recipe!);
        Assert.Contains("int4(group=4, asymmetric, scale=f16, zero_bits=8)", text, StringComparison.Ordinal);
        Assert.Contains("int8(symmetric, range=restricted)", text, StringComparison.Ordinal);
        Assert.Contains("fp8_e4m3(per_channel, scale=e8m0)", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Canonical_IsAFixedPoint(string yaml)
    {
        var first = TestRecipes.Run(yaml);
        Assert.False(first.Diagnostics.Any(d => d.IsError), TestRecipes.Render(first));
        var canonical = RecipeFrontEnd.Canonical(first.Recipe!);
        var second = TestRecipes.Run(canonical);
        Assert.False(second.Diagnostics.Any(d => d.IsError), canonical + "\n" + TestRecipes.Render(second));
        Assert.Equal(canonical, RecipeFrontEnd.Canonical(second.Recipe!));
        Assert.Equal(first.Plan!.Layers.Select(l => l.WeightsText + l.ActivationsText + l.PruneText),
            second.Plan!.Layers.Select(l => l.WeightsText + l.ActivationsText + l.PruneText));
    }

    [Fact]
    public void Canonical_OfTheFullRecipe()
    {
        var canonical = RecipeFrontEnd.Canonical(TestRecipes.Run(Full).Recipe!);
        canonical.ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Canonical_OfTheExamples_IsAFixedPoint()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel, TestEnvironment.DetModel);
        foreach (var example in new[] { "examples/paddleocr-cls/recipe.yaml", "examples/paddleocr-det/recipe.yaml" })
        {
            var path = TestEnvironment.Resolve(example);
            var first = RecipeFrontEnd.Run(path, TestRecipes.Load, new RecipeOptions { Environment = new Dictionary<string, string>() });
            Assert.False(first.Diagnostics.Any(d => d.IsError), TestRecipes.Render(first));
            var canonical = RecipeFrontEnd.Canonical(first.Recipe!);
            var second = RecipeFrontEnd.Run(RecipeLoader.Parse(path, canonical, new RecipeOptions { Environment = new Dictionary<string, string>() }), TestRecipes.Load);
            Assert.False(second.Diagnostics.Any(d => d.IsError), canonical + "\n" + TestRecipes.Render(second));
            Assert.Equal(canonical, RecipeFrontEnd.Canonical(second.Recipe!));
        }
    }
}
