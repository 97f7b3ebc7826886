using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Xunit.Abstractions;
using static Qc.Onnx.Tests.ModelBuilder;

namespace Qc.Onnx.Tests;

/// <summary>Old op versions are upgraded to the newest semantics: checked on the printed IR.</summary>
public sealed class UpgradeTests(ITestOutputHelper output)
{
    private string Import(ModelBuilder b, params int[] allowedWarnings)
    {
        var result = b.Import();
        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        var unexpected = result.Diagnostics.Where(d => !allowedWarnings.Contains(d.Code.Number) && d.Code.Number != OnnxDiagnosticCodes.OldOpset).ToList();
        Assert.True(unexpected.Count == 0, DiagnosticFormatter.Format(unexpected));
        var verify = new DiagnosticBag();
        Assert.True(GraphVerifier.Verify(result.Module!, verify, requireTypes: true), DiagnosticFormatter.Format(verify));
        var text = GraphPrinter.Print(result.Module!);
        output.WriteLine(text);
        Assert.Null(Conformance.ConformanceCase.RoundTrip(result.Module!));
        return text;
    }

    private static void Lines(string text, params string[] lines)
    {
        foreach (var line in lines)
        {
            Assert.Contains("  " + line + "\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Slice1AttributesBecomeConstantInputs()
    {
        var b = new ModelBuilder(opset: 9).Input("x", F32, 4, 5).Output("y", F32, 2, 5);
        b.Node("Slice", ["x"], ["y"], Ints("starts", 1), Ints("ends", 3), Ints("axes", 0));
        Lines(Import(b),
            "%n_y_starts = graph.constant @n_y_starts dense<[1]> : tensor<1xi64>",
            "%n_y_ends = graph.constant @n_y_ends dense<[3]> : tensor<1xi64>",
            "%n_y_axes = graph.constant @n_y_axes dense<[0]> : tensor<1xi64>",
            "%y = graph.slice %x, %n_y_starts, %n_y_ends, %n_y_axes : (tensor<4x5xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2x5xf32>");
    }

    [Fact]
    public void Split2SplitAttributeBecomesAnInput()
    {
        var b = new ModelBuilder(opset: 2, irVersion: 3).Input("x", F32, 5).Output("a", F32, 2).Output("c", F32, 3);
        b.Node("Split", ["x"], ["a", "c"], Ints("split", 2, 3));
        Lines(Import(b),
            "%n_a_split = graph.constant @n_a_split dense<[2, 3]> : tensor<2xi64>",
            "%a, %c = graph.split %x, %n_a_split {axis = 0} : (tensor<5xf32>, tensor<2xi64>) -> (tensor<2xf32>, tensor<3xf32>)");
    }

    [Fact]
    public void Split11WithoutSplitGetsNumOutputs()
    {
        var b = new ModelBuilder(opset: 11).Input("x", F32, 6).Output("a", F32, 3).Output("c", F32, 3);
        b.Node("Split", ["x"], ["a", "c"]);
        Lines(Import(b), "%a, %c = graph.split %x {axis = 0, num_outputs = 2} : (tensor<6xf32>) -> (tensor<3xf32>, tensor<3xf32>)");
    }

    [Fact]
    public void Softmax11OnAMiddleAxisIsFlattenSoftmaxReshape()
    {
        var b = new ModelBuilder(opset: 11).Input("x", F32, 2, 3, 4).Output("y", F32, 2, 3, 4);
        b.Node("Softmax", ["x"], ["y"], Int("axis", 1));
        var text = Import(b);
        Lines(text,
            "%n_y_2d = graph.flatten %x {axis = 1} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>",
            "%n_y_2d_out = graph.softmax %n_y_2d {axis = -1} : (tensor<2x12xf32>) -> tensor<2x12xf32>",
            "%n_y_shape = graph.constant @n_y_shape dense<[2, 3, 4]> : tensor<3xi64>",
            "%y = graph.reshape %n_y_2d_out, %n_y_shape {allowzero = 0} : (tensor<2x12xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>");
    }

    [Fact]
    public void Softmax11OnTheLastAxisKeepsOneOpWithTheOldDefaultAxis()
    {
        var b = new ModelBuilder(opset: 11).Input("x", F32, 3, 4).Output("y", F32, 3, 4);
        b.Node("LogSoftmax", ["x"], ["y"]);
        Lines(Import(b), "%y = graph.log_softmax %x {axis = 1} : (tensor<3x4xf32>) -> tensor<3x4xf32>");
    }

    [Fact]
    public void Softmax11OnAnInputOfUnknownRankUsesShape()
    {
        var b = new ModelBuilder(opset: 11).Input("x", F32, null).Output("y", F32, null);
        b.Node("Hardmax", ["x"], ["y"], Int("axis", 1));
        var text = Import(b);
        Lines(text, "%n_y_shape = graph.shape %x {start = 0} : (tensor<*xf32>) -> tensor<?xi64>");
        Assert.Contains("graph.hardmax %n_y_2d {axis = -1}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Upsample9BecomesResizeWithAsymmetricFloor()
    {
        var b = new ModelBuilder(opset: 9).Input("x", F32, 1, 1, 2, 2).Output("y", F32, 1, 1, 4, 4);
        b.Initializer(FloatTensor("scales", [4], 1, 1, 2, 2));
        b.Node("Upsample", ["x", "scales"], ["y"], Str("mode", "nearest"));
        Lines(Import(b),
            "%y = graph.resize %x, none, %scales {antialias = 0, coordinate_transformation_mode = \"asymmetric\", cubic_coeff_a = -0.75, exclude_outside = 0, extrapolation_value = 0.0, keep_aspect_ratio_policy = \"stretch\", mode = \"nearest\", nearest_mode = \"floor\"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>) -> tensor<1x1x4x4xf32>");
    }

    [Fact]
    public void Upsample7ScalesAttributeBecomesAConstant()
    {
        var b = new ModelBuilder(opset: 7).Input("x", F32, 1, 1, 2, 2).Output("y", F32, 1, 1, 4, 6);
        b.Node("Upsample", ["x"], ["y"], Floats("scales", 1, 1, 2, 3), Str("mode", "linear"));
        var text = Import(b);
        Lines(text, "%n_y_scales = graph.constant @n_y_scales dense<[1.0, 1.0, 2.0, 3.0]> : tensor<4xf32>");
        Assert.Contains("graph.resize %x, none, %n_y_scales {", text, StringComparison.Ordinal);
        Assert.Contains("mode = \"linear\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nearest_mode = \"floor\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize10GetsAnAbsentRoi()
    {
        var b = new ModelBuilder(opset: 10).Input("x", F32, 1, 1, 2, 2).Output("y", F32, 1, 1, 4, 4);
        b.Initializer(FloatTensor("scales", [4], 1, 1, 2, 2));
        b.Node("Resize", ["x", "scales"], ["y"]);
        Assert.Contains("%y = graph.resize %x, none, %scales {", Import(b), StringComparison.Ordinal);
    }

    [Fact]
    public void Clip6MinMaxBecomeScalarInputs()
    {
        var b = new ModelBuilder(opset: 9).Input("x", F32, 4).Output("y", F32, 4);
        b.Node("Clip", ["x"], ["y"], Float("min", 0f), Float("max", 6f));
        Lines(Import(b),
            "%n_y_min = graph.constant @n_y_min dense<[0.0]> : tensor<f32>",
            "%n_y_max = graph.constant @n_y_max dense<[6.0]> : tensor<f32>",
            "%y = graph.clip %x, %n_y_min, %n_y_max : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>");
        var onlyMax = new ModelBuilder(opset: 9).Input("x", F32, 4).Output("y", F32, 4);
        onlyMax.Node("Clip", ["x"], ["y"], Float("max", 6f));
        Lines(Import(onlyMax), "%y = graph.clip %x, none, %n_y_max : (tensor<4xf32>, none, tensor<f32>) -> tensor<4xf32>");
    }

    [Fact]
    public void Pad2PadsAndValueBecomeInputs()
    {
        var b = new ModelBuilder(opset: 9).Input("x", F32, 2, 2).Output("y", F32, 4, 3);
        b.Node("Pad", ["x"], ["y"], Ints("pads", 1, 0, 1, 1), Float("value", 1.5f));
        Lines(Import(b),
            "%n_y_pads = graph.constant @n_y_pads dense<[1, 0, 1, 1]> : tensor<4xi64>",
            "%n_y_value = graph.constant @n_y_value dense<[1.5]> : tensor<f32>",
            "%y = graph.pad %x, %n_y_pads, %n_y_value {mode = \"constant\"} : (tensor<2x2xf32>, tensor<4xi64>, tensor<f32>) -> tensor<4x3xf32>");
    }

    [Fact]
    public void ReduceAxesAttributeBecomesAnInput()
    {
        var b = new ModelBuilder(opset: 13).Input("x", F32, 2, 3, 4).Output("y", F32, 2, 1, 4).Output("m", F32, 2, 3);
        b.Node("ReduceMean", ["x"], ["y"], Ints("axes", 1));
        b.Node("ReduceMax", ["x"], ["m"], Ints("axes", -1), Int("keepdims", 0));
        var text = Import(b);
        Lines(text,
            "%y = graph.reduce_mean %x, %n_y_axes {keepdims = 1, noop_with_empty_axes = 0} : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>",
            "%m = graph.reduce_max %x, %n_m_axes {keepdims = 0, noop_with_empty_axes = 0} : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x3xf32>");
        var sum11 = new ModelBuilder(opset: 11).Input("x", F32, 2, 3).Output("s", F32, 1, 3);
        sum11.Node("ReduceSum", ["x"], ["s"], Ints("axes", 0));
        Lines(Import(sum11), "%s = graph.reduce_sum %x, %n_s_axes {keepdims = 1, noop_with_empty_axes = 0} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<1x3xf32>");
    }

    [Fact]
    public void SqueezeAndUnsqueeze11AxesBecomeInputs()
    {
        var b = new ModelBuilder(opset: 11).Input("x", F32, 3, 1).Output("y", F32, 3).Output("z", F32, 1, 3, 1);
        b.Node("Squeeze", ["x"], ["y"], Ints("axes", 1));
        b.Node("Unsqueeze", ["x"], ["z"], Ints("axes", 0));
        Lines(Import(b),
            "%y = graph.squeeze %x, %n_y_axes : (tensor<3x1xf32>, tensor<1xi64>) -> tensor<3xf32>",
            "%z = graph.unsqueeze %x, %n_z_axes : (tensor<3x1xf32>, tensor<1xi64>) -> tensor<1x3x1xf32>");
    }

    [Fact]
    public void TopK1KBecomesAnInput()
    {
        var b = new ModelBuilder(opset: 9).Input("x", F32, 3, 4).Output("v", F32, 3, 2).Output("i", I64T, 3, 2);
        b.Node("TopK", ["x"], ["v", "i"], Int("k", 2));
        Lines(Import(b),
            "%n_v_k = graph.constant @n_v_k dense<[2]> : tensor<1xi64>",
            "%v, %i = graph.top_k %x, %n_v_k {axis = -1, largest = 1, sorted = 1} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)");
    }

    [Fact]
    public void Dropout10RatioBecomesAnInput()
    {
        var b = new ModelBuilder(opset: 10).Input("x", F32, 3).Output("y", F32, 3);
        b.Node("Dropout", ["x"], ["y"], Float("ratio", 0.25f));
        Assert.Contains("%y = graph.dropout %x, %n_y_ratio", Import(b), StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyBroadcastWithAxisGetsUnitAxes()
    {
        var b = new ModelBuilder(opset: 6, irVersion: 3).Input("a", F32, 2, 3, 4, 5).Input("b", F32, 3, 4).Output("y", F32, 2, 3, 4, 5);
        b.Node("Add", ["a", "b"], ["y"], Int("broadcast", 1), Int("axis", 1));
        Lines(Import(b),
            "%n_y_B_axes = graph.constant @n_y_B_axes dense<[2]> : tensor<1xi64>",
            "%n_y_B = graph.unsqueeze %b, %n_y_B_axes : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<3x4x1xf32>",
            "%y = graph.add %a, %n_y_B : (tensor<2x3x4x5xf32>, tensor<3x4x1xf32>) -> tensor<2x3x4x5xf32>");
    }

    [Fact]
    public void PRelu6SlopeIsPerChannel()
    {
        var b = new ModelBuilder(opset: 6, irVersion: 3).Input("x", F32, 2, 3, 4, 5).Output("y", F32, 2, 3, 4, 5);
        b.Initializer(FloatTensor("slope", [3], 0.1f, 0.2f, 0.3f));
        b.Node("PRelu", ["x", "slope"], ["y"]);
        Lines(Import(b),
            "%n_y_slope = graph.unsqueeze %slope, %n_y_slope_axes : (tensor<3xf32>, tensor<2xi64>) -> tensor<3x1x1xf32>",
            "%y = graph.prelu %x, %n_y_slope : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32>");
    }

    [Fact]
    public void BatchNormalizationLegacyAttributes()
    {
        var b = new ModelBuilder(opset: 7).Input("x", F32, 2, 3, 4).Output("y", F32, 2, 3, 4);
        foreach (var n in new[] { "s", "bias", "mean", "var" })
        {
            b.Initializer(FloatTensor(n, [3], 1, 1, 1));
        }

        b.Node("BatchNormalization", ["x", "s", "bias", "mean", "var"], ["y"], Int("spatial", 1));
        Lines(Import(b), "%y = graph.batch_normalization %x, %s, %bias, %mean, %var {epsilon = 1E-05, momentum = 0.9, training_mode = 0} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>");

        b.Graph.Node[0].Attribute[0].I = 0;
        var result = b.Import();
        Assert.Contains(result.Diagnostics, d => d.Code.Number == OnnxDiagnosticCodes.NoUpgrade && d.Severity == Severity.Warning);
        var op = Assert.IsType<OpaqueOp>(result.Module!.Main.Ops.Last());
        Assert.Equal(0, op.Attributes.GetInt("spatial", -1));
    }

    [Fact]
    public void Cast1TypeNameBecomesADataType()
    {
        var b = new ModelBuilder(opset: 1, irVersion: 3).Input("x", I64T, 2).Output("y", F32, 2);
        b.Node("Cast", ["x"], ["y"], Str("to", "FLOAT"));
        Lines(Import(b), "%y = graph.cast %x {saturate = 1, to = 1} : (tensor<2xi64>) -> tensor<2xf32>");
    }

    [Fact]
    public void Reshape1ShapeAttributeBecomesAnInput()
    {
        var b = new ModelBuilder(opset: 1, irVersion: 3).Input("x", F32, 2, 3).Output("y", F32, 3, 2);
        b.Node("Reshape", ["x"], ["y"], Ints("shape", 3, 2), Ints("consumed_inputs", 0));
        Lines(Import(b), "%y = graph.reshape %x, %n_y_shape {allowzero = 0} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<3x2xf32>");
    }

    [Fact]
    public void DefaultsAreWrittenOutExplicitly()
    {
        var b = new ModelBuilder(opset: 17).Input("x", F32, 1, 1, 5, 5).Output("y", F32, 1, 2, 3, 3).Output("l", F32, 1, 1, 5, 5);
        b.Initializer(FloatTensor("w", [2, 1, 3, 3], [.. Enumerable.Repeat(1f, 18)]));
        b.Node("Conv", ["x", "w"], ["y"]);
        b.Node("LeakyRelu", ["x"], ["l"]);
        var text = Import(b);
        Assert.Contains("%y = graph.conv %x, %w {auto_pad = \"NOTSET\", group = 1}", text, StringComparison.Ordinal);
        Lines(text, "%l = graph.leaky_relu %x {alpha = 0.01} : (tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32>");
    }

    [Fact]
    public void RecurrentActivationsDefaultPerDirection()
    {
        var b = new ModelBuilder(opset: 14).Input("x", F32, 2, 1, 3).Output("y");
        b.Initializer(FloatTensor("w", [1, 4, 3], [.. Enumerable.Repeat(0.1f, 12)]));
        b.Initializer(FloatTensor("r", [1, 4, 4], [.. Enumerable.Repeat(0.1f, 16)]));
        b.Node("RNN", ["x", "w", "r"], ["y"], Int("hidden_size", 4));
        Assert.Contains("activations = [\"Tanh\"]", Import(b), StringComparison.Ordinal);
    }
}
