using Qc.Core.Diagnostics;
using Qc.Recipe.Binding;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Registry;

namespace Qc.Recipe.Tests.Binding;

public sealed class BinderTests
{
    private static RecipeResult Rule(string match, string weights = "int8(per_channel)") =>
        TestRecipes.Run(TestRecipes.Header + $"quantize:\n  rules:\n    - match: '{match}'\n      weights: {weights}\n");

    /// <summary>Names of the tiny model's layers a selector matches.</summary>
    private static string Matches(string selector)
    {
        var result = Rule(selector);
        Assert.True(result.Success, TestRecipes.Render(result));
        return string.Join(" ", result.Plan!.Layers.Where(l => l.WeightsSource.Label == "rules[0]").Select(l => l.Layer.Name));
    }

    [Theory]
    [InlineData("op == Conv", "stem block.dw block.pw1 block.pw2")]
    [InlineData("op in [MatMul, Gemm]", "head.fc1 head.fc2")]
    [InlineData("op not in [Conv]", "head.fc1 head.fc2")]
    [InlineData("op == \"Gemm\"", "head.fc2")]
    [InlineData("is_first", "stem")]
    [InlineData("is_last", "head.fc2")]
    [InlineData("is_depthwise", "block.dw")]
    [InlineData("not is_depthwise and op == Conv", "stem block.pw1 block.pw2")]
    [InlineData("name ~ \"^block\\.pw\"", "block.pw1 block.pw2")]
    [InlineData("name !~ \"^block\"", "stem head.fc1 head.fc2")]
    [InlineData("weight == \"fc2.w\"", "head.fc2")]
    [InlineData("\"s\" in inputs", "block.dw")]
    [InlineData("params > 100", "stem head.fc1 head.fc2")]
    [InlineData("params >= 0.1k", "stem head.fc1 head.fc2")]
    [InlineData("params == 330", "head.fc2")]
    [InlineData("reduced == 9", "block.dw")]
    [InlineData("shape[0] == 10", "head.fc2")]
    [InlineData("shape[-1] == 32", "head.fc1 head.fc2")]
    [InlineData("len(shape) == 2", "head.fc1 head.fc2")]
    [InlineData("attr.group == 4", "block.dw")]
    [InlineData("attr.kernel_shape == [1, 1]", "block.pw1 block.pw2")]
    [InlineData("attr.transB == 1", "head.fc2")]
    [InlineData("depth == 3", "block.pw1")]
    [InlineData("index == 1 or index == 5", "block.dw head.fc2")]
    [InlineData("macs > 2000 and macs < 2100", "block.pw1")]
    [InlineData("out_channels == 8 and in_channels == 8", "block.pw2")]
    [InlineData("group > 1", "block.dw")]
    [InlineData("output == \"y\"", "head.fc2")]
    [InlineData("params > 0.35 * fp32.params", "head.fc2")]
    [InlineData("max(params, 300) == params", "head.fc2")]
    [InlineData("-params < -300", "head.fc2")]
    [InlineData("params * 2 / 2 - 1 + 1 == 330", "head.fc2")]
    public void Selectors_MatchTheRightLayers(string selector, string expected) => Assert.Equal(expected, Matches(selector));

    [Fact]
    public void Facts_OfTheTinyModel()
    {
        var result = Rule("is_first");
        var layers = result.Plan!.Layers.Select(l => l.Layer).ToList();
        Assert.Equal(["Conv", "Conv", "Conv", "Conv", "MatMul", "Gemm"], layers.Select(l => l.OpType));
        Assert.Equal([27L, 9, 4, 8, 8, 32], layers.Select(l => l.Reduced));
        Assert.Equal([1, 2, 3, 4, 5, 6], layers.Select(l => l.Depth));
        Assert.Equal(4 * (108 + 36 + 32 + 64 + 256 + 330), result.Recipe!.ModelFacts!.Fp32Size);
    }

    [Theory]
    [InlineData("op == Cnov", RecipeDiagnosticCodes.UnknownName, "did you mean 'Conv'?")]
    [InlineData("params > \"x\"", RecipeDiagnosticCodes.OperandTypeMismatch, null)]
    [InlineData("op == 3", RecipeDiagnosticCodes.OperandTypeMismatch, null)]
    [InlineData("1 < params < 10", RecipeDiagnosticCodes.OperandTypeMismatch, "a < b and b < c")]
    [InlineData("is_first and params", RecipeDiagnosticCodes.OperandTypeMismatch, null)]
    [InlineData("op in Conv", RecipeDiagnosticCodes.OperandTypeMismatch, null)]
    [InlineData("params in [Conv]", RecipeDiagnosticCodes.OperandTypeMismatch, null)]
    [InlineData("[1, \"a\"] == shape", RecipeDiagnosticCodes.OperandTypeMismatch, null)]
    [InlineData("name ~ op", RecipeDiagnosticCodes.OperandTypeMismatch, null)]
    [InlineData("params", RecipeDiagnosticCodes.NotBoolean, null)]
    [InlineData("params / 0 > 1", RecipeDiagnosticCodes.DivisionByZero, null)]
    [InlineData("params > 1 / (2 - 2)", RecipeDiagnosticCodes.DivisionByZero, null)]
    [InlineData("params > 4Ki", RecipeDiagnosticCodes.UnknownUnit, "units: %, k, M")]
    [InlineData("params > fp32.size", RecipeDiagnosticCodes.UnitMismatch, null)]
    [InlineData("name ~ \"[a\"", RecipeDiagnosticCodes.InvalidRegex, null)]
    [InlineData("attr.kernel > 1", RecipeDiagnosticCodes.UnknownAttribute, "did you mean 'kernel_shape'?")]
    [InlineData("fp32.sizes > 1", RecipeDiagnosticCodes.UnknownName, "did you mean 'size'?")]
    [InlineData("int8 == op", RecipeDiagnosticCodes.ExpectedKind, null)]
    [InlineData("is_first |> is_last", RecipeDiagnosticCodes.ExpectedKind, null)]
    [InlineData("lenn(shape) > 1", RecipeDiagnosticCodes.UnknownName, "did you mean 'len'?")]
    [InlineData("2:4", RecipeDiagnosticCodes.ExpectedKind, null)]
    public void SelectorErrors_AreOneDiagnostic(string selector, int code, string? hint)
    {
        var result = Rule(selector);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(code, d.Code.Number);
        if (hint is not null)
        {
            Assert.Contains(hint, d.Hint, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("int8(axis=0, symmetric)", "int8(axis=0, symmetric)")]
    [InlineData("int8(symmetric, axis=0)", "int8(axis=0, symmetric)")]
    [InlineData("int8(scheme=symmetric)", "int8(symmetric)")]
    [InlineData("int4(group=2*4, gptq)", "int4(group=8, gptq)")]
    [InlineData("nm(n=2, m=4) |> int8(per_channel)", "nm(2, 4) |> int8(per_channel)")]
    [InlineData("2:4 |> int8(per_channel) |> huffman", "2:4 |> int8(per_channel) |> huffman")]
    [InlineData("lowrank(rank=2) + int8(per_channel)", "lowrank(rank=2) + int8(per_channel)")]
    [InlineData("lowrank(2) |> int8(per_channel)", "lowrank(rank=2) |> int8(per_channel)")]
    [InlineData("(lowrank(rank=2) + int8(per_channel)) |> rans", "lowrank(rank=2) + int8(per_channel) |> rans")]
    [InlineData("unstructured(0.5) |> kmeans(bits=3)", "unstructured(0.5) |> kmeans(bits=3)")]
    [InlineData("fp16", "fp16")]
    [InlineData("fp8_e4m3(per_channel)", "fp8_e4m3(per_channel)")]
    [InlineData("int4(group=8, asymmetric, scale=f16, zero_bits=8)", "int4(group=8, asymmetric, scale=f16, zero_bits=8)")]
    public void Codecs_BindToCanonicalText(string codec, string expected)
    {
        var result = TestRecipes.Run(TestRecipes.Header + $"quantize:\n  rules:\n    - match: name == \"block.pw2\"\n      weights: {codec}\n");
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal(expected, result.Recipe!.Quantize!.Rules[0].Weights!.ToString());
    }

    [Theory]
    [InlineData("weights: int9", RecipeDiagnosticCodes.UnknownFormat)]
    [InlineData("weights: int8(axes=0)", RecipeDiagnosticCodes.UnknownArgument)]
    [InlineData("weights: int8(axis=0.5)", RecipeDiagnosticCodes.BadValue)]
    [InlineData("weights: int8(axis=-9)", RecipeDiagnosticCodes.BadValue)]
    [InlineData("weights: uint8(symmetric)", RecipeDiagnosticCodes.ConflictingArguments)]
    [InlineData("weights: fp8_e4m3(group=8, scale=none)", RecipeDiagnosticCodes.ConflictingArguments)]
    [InlineData("weights: int8(scale=none)", RecipeDiagnosticCodes.BadValue)]
    [InlineData("weights: int4(zero_bits=8)", RecipeDiagnosticCodes.ConflictingArguments)]
    [InlineData("weights: uint4(range=restricted)", RecipeDiagnosticCodes.ConflictingArguments)]
    [InlineData("weights: int8(per_channel, group=8)", RecipeDiagnosticCodes.ConflictingArguments)]
    [InlineData("weights: mxfp4", RecipeDiagnosticCodes.UnknownFormat)]
    [InlineData("weights: int4(zero_bits=2)", RecipeDiagnosticCodes.BadValue)]
    [InlineData("weights: int8(scheme=sym)", RecipeDiagnosticCodes.BadValue)]
    [InlineData("weights: nm(2)", RecipeDiagnosticCodes.MissingArgument)]
    [InlineData("weights: nm(2, 4, 8)", RecipeDiagnosticCodes.ArgumentMisuse)]
    [InlineData("weights: int8(axis=0, axis=1)", RecipeDiagnosticCodes.ArgumentMisuse)]
    [InlineData("weights: nm(4, 2)", RecipeDiagnosticCodes.BadPattern)]
    [InlineData("weights: int8(per_tensor, axis=0)", RecipeDiagnosticCodes.ConflictingArguments)]
    [InlineData("weights: int8(per_tensor) |> int4(per_tensor)", RecipeDiagnosticCodes.BadCodecChain)]
    [InlineData("weights: huffman", RecipeDiagnosticCodes.BadCodecChain)]
    [InlineData("weights: nm(2, 4) |> huffman", RecipeDiagnosticCodes.BadCodecChain)]
    [InlineData("weights: nm(2, 4) + int8", RecipeDiagnosticCodes.BadCodecChain)]
    [InlineData("weights: percentile(99)", RecipeDiagnosticCodes.UnknownFormat)]
    [InlineData("weights: 8", RecipeDiagnosticCodes.ExpectedKind)]
    [InlineData("activations: uint8 |> huffman", RecipeDiagnosticCodes.NotAllowedHere)]
    [InlineData("activations: nf4", RecipeDiagnosticCodes.NotAllowedHere)]
    [InlineData("activations: int8(axis=1)", RecipeDiagnosticCodes.NotAllowedHere)]
    [InlineData("activations: uint8(gptq)", RecipeDiagnosticCodes.NotAllowedHere)]
    public void CodecErrors_AreOneDiagnostic(string line, int code)
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  " + line + "\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(code, d.Code.Number);
    }

    [Theory]
    [InlineData("int4(zero_bits=8)", "zero_bits=8", "zero_bits needs an asymmetric format")]
    [InlineData("uint8(symmetric)", "symmetric", "an unsigned format cannot be symmetric")]
    [InlineData("int8(per_tensor, axis=0)", "axis=0", "'per_tensor' cannot be combined with axis")]
    public void FormatCombinations_AreJudgedByQcFormats_AtTheArgumentNamed(string codec, string culprit, string message)
    {
        var yaml = TestRecipes.Header + "quantize:\n  weights: " + codec + "\n";
        var result = TestRecipes.Run(yaml);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(RecipeDiagnosticCodes.ConflictingArguments, d.Code.Number);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        var (line, column) = ((SourceLocation)d.Location).Source.GetLineColumn(((SourceLocation)d.Location).Span.Start);
        Assert.Equal(4, line);
        Assert.Equal(yaml.Split('\n')[3].IndexOf(culprit, StringComparison.Ordinal) + 1, column);
    }

    [Fact]
    public void NumberFormats_AreTheFormatsOfQcFormats_PlusFloatCasts()
    {
        var formats = CompressionRegistry.Default.Codecs.Values.Where(f => f.Kind == FunctionKind.Format).Select(f => f.Name).ToList();
        Assert.Equal([.. Qc.Formats.FormatRegistry.Names, "fp32", "fp16", "bf16"], formats);
        Assert.All(CompressionRegistry.Default.Codecs.Values.Where(f => f.IsNumberFormat), f => Assert.NotNull(Qc.Formats.FormatRegistry.Find(f.Name)));
    }

    [Fact]
    public void BoundFormat_CarriesTheValidatedQcFormatsFormat()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: int4(group=4, asymmetric, scale=f16)\n  activations: fp16\n  rules:\n    - match: reduced in [27, 9]\n      weights: fp16\n");
        Assert.True(result.Success, TestRecipes.Render(result));
        var call = Assert.IsType<BoundCall>(result.Recipe!.Quantize!.Weights);
        var format = Assert.IsType<Qc.Formats.IntegerFormat>(call.NumberFormat);
        Assert.Equal("int4(group=4, asymmetric, scale=f16)", format.ToText());
        Assert.Null(Assert.IsType<BoundCall>(result.Recipe.Quantize.Activations).NumberFormat);
    }

    [Fact]
    public void ManyMistakes_AreAllReported_OncePerMistake()
    {
        var yaml = "qc: 1\nmodel: tiny.qir\ntraget: x\nquantize:\n  weights: int9\n  activations: uint8\n  rules:\n    - match: op == Cnv\n      weights: int8(per_channel)\n    - match: is_first\n      weight: int8\n"
            + "prune:\n  - match: op == Gemm\n    pattern: 5:4\nevaluate:\n  metric: top1\n  require: top1_drop <= 1 MiB\n";
        var result = TestRecipes.Run(yaml);
        Assert.Equal("QC2001 QC2020 QC2010 QC2002 QC2001 QC2034 QC1120", TestRecipes.Codes(result));
    }

    [Fact]
    public void Sections_BindTheirValues()
    {
        var yaml = TestRecipes.Header + "inputs: { x: 1x3x8x8 }\ntarget: aarch64-linux-gnu:neoverse-n1\ncalibration:\n  samples: 1k\n  activations: kl\n  seed: 3\n"
            + "allocate:\n  over: op == Conv and not is_first\n  choices:\n    - int8(per_channel)\n    - int4(per_channel)\n  sensitivity: 0.5 * output_mse + 0.5 * output_kl\n  minimize: size\n  subject_to:\n    - sensitivity <= 0.01\n  tie: [residual_inputs, shared_weights]\n"
            + "evaluate:\n  metric: [top1, top5]\n  skip: 1k\n  require: top1_drop <= 1% and top5 >= 0.9 and size <= 4KiB\n";
        var result = TestRecipes.Run(yaml);
        Assert.True(result.Success, TestRecipes.Render(result));
        var r = result.Recipe!;
        Assert.Equal([1L, 3, 8, 8], r.Inputs[0].Dims.ToArray());
        Assert.Equal("aarch64-linux-gnu:neoverse-n1", r.Target!.ToString());
        Assert.Equal(1000, r.Calibration!.Samples);
        Assert.Equal("kl", r.Calibration.Activations!.ToString());
        Assert.Equal("size", r.Allocate!.Minimize);
        Assert.Equal(["residual_inputs", "shared_weights"], r.Allocate.Tie.ToArray());
        Assert.Equal(["top1", "top5"], r.Evaluate!.Metrics.Select(m => m.Function.Name));
        Assert.Equal(1000, r.Evaluate.Skip);
        Assert.Null(r.Evaluate.Samples);
    }

    [Fact]
    public void Target_WithoutCpu_IsGeneric()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "target: nvptx64-nvidia-cuda\n");
        Assert.Equal("nvptx64-nvidia-cuda:sm_80", result.Recipe!.Target!.ToString());
    }

    [Fact]
    public void MissingModel_SkipsModelChecks_ButBindsTheRest()
    {
        var result = TestRecipes.Run("qc: 1\nmodel: nowhere.onnx\nquantize:\n  weights: int9\n  rules:\n    - match: op == NoSuchOp\n      weights: fp16\n");
        Assert.Equal("QC2005 QC2020 QC2010", TestRecipes.Codes(result));
        Assert.Null(result.Plan);
    }

    [Fact]
    public void Version_MustBe1() => Assert.Equal("QC2004", TestRecipes.Codes(TestRecipes.Run("qc: 2\nmodel: tiny.qir\n")));

    [Fact]
    public void Pins_RankIsChecked() =>
        Assert.Equal("QC2008", TestRecipes.Codes(TestRecipes.Run(TestRecipes.Header + "inputs:\n  x: [1, 3, 8]\n")));

    [Theory]
    [InlineData("[1, 0, 8, 8]")]
    [InlineData("[1, a, 8, 8]")]
    [InlineData("[]")]
    public void Pins_DimensionsArePositive(string dims) =>
        Assert.Equal("QC2008", TestRecipes.Codes(TestRecipes.Run(TestRecipes.Header + "inputs:\n  x: " + dims + "\n")));

    [Fact]
    public void Gate_KnowsOnlyEvaluatedMetrics()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "evaluate:\n  metric: mse\n  require: mse <= 0.1 and mse_ref >= 0 and top1 > 0\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(RecipeDiagnosticCodes.MetricNotEvaluated, d.Code.Number);
    }

    [Fact]
    public void Samples_MustBeWholeAndPositive()
    {
        Assert.Equal("QC2022", TestRecipes.Codes(TestRecipes.Run(TestRecipes.Header + "calibration:\n  samples: 0.5\n")));
        Assert.Equal("QC2022", TestRecipes.Codes(TestRecipes.Run(TestRecipes.Header + "calibration:\n  samples: -3\n")));
        Assert.Equal("QC2022", TestRecipes.Codes(TestRecipes.Run(TestRecipes.Header + "evaluate:\n  metric: top1\n  skip: -1\n")));
        var zero = TestRecipes.Run(TestRecipes.Header + "evaluate:\n  metric: top1\n  skip: 0\n");
        Assert.True(zero.Success, TestRecipes.Render(zero));
        Assert.Equal(0, zero.Recipe!.Evaluate!.Skip);
    }

    [Fact]
    public void BoundExpressions_PrintCanonically()
    {
        var result = Rule("not(params == 1) and (is_first or params>10k) and name~\"^s\"");
        var text = BoundExpressionPrinter.Print(result.Recipe!.Quantize!.Rules[0].Match.Expression);
        Assert.Equal("not params == 1 and (is_first or params > 10000) and name ~ \"^s\"", text);
    }
}
