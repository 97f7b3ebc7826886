using Qc.Core.Tensors;
using Qc.Formats;
using Qc.Ir.Graph;
using Qc.Passes.Quantization;

namespace Qc.Passes.Tests;

/// <summary>Unit tests of <see cref="QuantizeLayersPass"/> on a small Conv → Gemm → MatMul graph.</summary>
public sealed class QuantizeLayersPassTests
{
    private static Dictionary<string, LayerQuantization> Plan(params (string Layer, string? Weights, ActivationQuantization? Act)[] layers) =>
        layers.ToDictionary(l => l.Layer, l => new LayerQuantization(l.Weights is null ? null : NumberFormat.Parse(l.Weights), l.Act), StringComparer.Ordinal);

    private static Op Layer(GraphModule m, string name) => m.Main.Ops.First(o => o.Name == name);

    [Fact]
    public void Int8PerChannel_BecomesDequantizeLinearOfInt8Codes()
    {
        var module = TestModels.ConvGemmMatMul();
        var original = TestModels.WeightOf(module, "conv");
        var result = QuantizeLayersPass.Run(module, Plan(("conv", "int8(axis=0)", null)));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));

        var conv = Layer(module, "conv");
        var dq = Assert.IsType<DequantizeLinearOp>(conv.Input(1)!.Producer);
        Assert.Equal(0, dq.Attributes.GetInt("axis", -1));
        Assert.Equal(0, dq.Attributes.GetInt("block_size", -1));
        var codes = Assert.IsType<ConstantOp>(dq.Input(0)!.Producer).Constant.Data!;
        Assert.Equal(ElementType.I8, codes.ElementType);
        var scale = Assert.IsType<ConstantOp>(dq.Input(1)!.Producer).Constant.Data!;
        Assert.Equal([6L], scale.Dims.ToArray());
        Assert.Null(dq.Input(2));
        Assert.False(module.Constants.TryGet("w", out _)); // the float weight is gone

        var record = Assert.Single(result.Layers);
        Assert.Equal(("conv", "Conv", "w", WeightRealization.Dequantize, "i8"), (record.Layer, record.OpType, record.Weight, record.Realization, record.StorageType));
        Assert.Equal(BitCost.Of(record.Format!, original.Dims.AsSpan()).SerializedBytes, record.StoredBytes);
        Assert.Equal(6 * 4 * 9 + (6 * 4), record.StoredBytes);
        Assert.Equal(6 * 4 * 9 * 4, record.Float32Bytes);
        Assert.Equal(dq.Result.Name, record.DequantizedValue);
        Assert.True(GraphVerifier.Verify(module, new Core.Diagnostics.DiagnosticBag(), requireTypes: true));
        Assert.Equal(TensorType.Of(ElementType.F32, [6, 4, 3, 3]), dq.Result.Type);
    }

    [Theory]
    [InlineData("conv", "int4(group=2)", 1)]      // OIHW: input channels
    [InlineData("gemm", "int4(group=8)", 1)]      // transB = 1: [N, K], K is axis 1
    [InlineData("matmul", "int4(group=4)", 0)]    // [K, N]: K is axis 0 although the format says axis 1
    public void Groups_RunAlongTheReducedAxis(string layer, string format, long axis)
    {
        var module = TestModels.ConvGemmMatMul();
        var result = QuantizeLayersPass.Run(module, Plan((layer, format, null)));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var dq = Assert.IsType<DequantizeLinearOp>(Layer(module, layer).Input(1)!.Producer);
        Assert.Equal(axis, dq.Attributes.GetInt("axis", -1));
        Assert.Equal(((Grouped)NumberFormat.Parse(format).Granularity).Size, dq.Attributes.GetInt("block_size", -1));
        Assert.Equal(ElementType.I4, ((ConstantOp)dq.Input(0)!.Producer!).Constant.Data!.ElementType);
        Assert.Equal((int)axis, ((Grouped)Assert.Single(result.Layers).Format!.Granularity).Axis);
    }

    [Fact]
    public void ExplicitGroupAxis_IsKept()
    {
        var module = TestModels.ConvGemmMatMul();
        var plan = new Dictionary<string, LayerQuantization> { ["matmul"] = new(NumberFormat.Parse("int4(group=3)"), null, ExplicitGroupAxis: true) };
        Assert.True(QuantizeLayersPass.Run(module, plan).Success);
        Assert.Equal(1, Layer(module, "matmul").Input(1)!.Producer!.Attributes.GetInt("axis", -1));
    }

    [Fact]
    public void Nf4_IsFakeQuant()
    {
        var module = TestModels.ConvGemmMatMul();
        var w = TestModels.WeightOf(module, "gemm");
        var result = QuantizeLayersPass.Run(module, Plan(("gemm", "nf4(group=64)", null)));
        var record = Assert.Single(result.Layers);
        Assert.Equal((WeightRealization.FakeQuant, "f32"), (record.Realization, record.StorageType));
        var c = Assert.IsType<ConstantOp>(Layer(module, "gemm").Input(1)!.Producer);
        var format = record.Format!;
        Assert.Equal(Quantizer.DecodeToArray(Quantizer.Encode(w, format)), c.Constant.Data!.ToArray<float>());
        Assert.Equal(BitCost.Of(format, w.Dims.AsSpan()).SerializedBytes, record.StoredBytes);
    }

    [Theory]
    [InlineData("int3(axis=0)", ElementType.I8, -4, 3)]
    [InlineData("uint2(per_tensor)", ElementType.U8, 0, 3)]
    public void NarrowIntegers_AreWideConstantsInTheirRange(string format, ElementType type, int min, int max)
    {
        var module = TestModels.ConvGemmMatMul();
        Assert.True(QuantizeLayersPass.Run(module, Plan(("conv", format, null))).Success);
        var dq = Layer(module, "conv").Input(1)!.Producer!;
        var codes = ((ConstantOp)dq.Input(0)!.Producer!).Constant.Data!;
        Assert.Equal(type, codes.ElementType);
        var values = codes.ToInt64Array();
        Assert.All(values, v => Assert.InRange(v, min, max));
        Assert.Contains(values, v => v == min || v == max);
    }

    [Fact]
    public void Activations_GetQuantizeDequantizeWithFormatsParameters()
    {
        var module = TestModels.ConvGemmMatMul();
        var act = new ActivationQuantization((IntegerFormat)NumberFormat.Parse("uint8(per_tensor)"), -0.5f, 3f);
        var result = QuantizeLayersPass.Run(module, Plan(("conv", "int8(axis=0)", act)));
        Assert.True(result.Success);
        var conv = Layer(module, "conv");
        var dq = Assert.IsType<DequantizeLinearOp>(conv.Input(0)!.Producer);
        var q = Assert.IsType<QuantizeLinearOp>(dq.Input(0)!.Producer);
        Assert.Equal("x", q.Input(0)!.Name);
        var expected = Quantizer.ComputeParameters(TensorData.Create<float>([2], [-0.5f, 3f]), act.Format);
        var scale = ((ConstantOp)q.Input(1)!.Producer!).Constant.Data!;
        var zero = ((ConstantOp)q.Input(2)!.Producer!).Constant.Data!;
        Assert.Equal(expected.Scales[0], scale.ToArray<float>()[0]);
        Assert.Equal((ElementType.U8, (long)expected.ZeroPoints[0]), (zero.ElementType, zero.ToInt64Array()[0]));
        Assert.Equal(0, zero.Rank);
        var record = Assert.Single(result.Layers).Activation!;
        Assert.Equal((expected.Scales[0], expected.ZeroPoints[0], "x"), (record.Scale, record.ZeroPoint, record.Input));
        Assert.True(GraphVerifier.Verify(module, new Core.Diagnostics.DiagnosticBag(), requireTypes: true));
    }

    [Fact]
    public void Problems_AreDiagnosticsAndLeaveTheLayerAlone()
    {
        var module = TestModels.ConvGemmMatMul();
        var plan = new Dictionary<string, LayerQuantization>
        {
            ["nope"] = new(NumberFormat.Parse("int8(per_tensor)")),
            ["relu"] = new(NumberFormat.Parse("int8(per_tensor)")),
            ["conv"] = new(NumberFormat.Parse("int8(axis=5)")),
            ["gemm"] = new(null, new ActivationQuantization((IntegerFormat)NumberFormat.Parse("int8(axis=0)"), 0, 1)),
            ["matmul"] = new(null, new ActivationQuantization((IntegerFormat)NumberFormat.Parse("uint8(per_tensor)"), 2, 1)),
        };
        var before = GraphPrinter.Print(module);
        var result = QuantizeLayersPass.Run(module, plan);
        Assert.False(result.Success);
        Assert.Equal([4301, 4302, 4303, 4304, 4305], result.Diagnostics.Select(d => d.Code.Number).Order());
        Assert.Empty(result.Layers);
        Assert.Equal(before, GraphPrinter.Print(module));
    }

    [Fact]
    public void PrintedIr_ShowsTheQdqOps()
    {
        var module = TestModels.ConvGemmMatMul();
        var act = new ActivationQuantization((IntegerFormat)NumberFormat.Parse("int8(per_tensor)"), -1f, 1f);
        Assert.True(QuantizeLayersPass.Run(module, Plan(("conv", "int4(group=2)", act))).Success);
        var text = GraphPrinter.Print(module);
        Assert.Contains("%w_quantized = graph.constant @w_quantized : tensor<6x4x3x3xi4>", text, StringComparison.Ordinal);
        Assert.Contains("%w_scale = graph.constant @w_scale : tensor<6x2x3x3xf32>", text, StringComparison.Ordinal);
        Assert.Contains("%w_dequantized = graph.dequantize_linear %w_quantized, %w_scale {axis = 1, block_size = 2} : (tensor<6x4x3x3xi4>, tensor<6x2x3x3xf32>) -> tensor<6x4x3x3xf32>", text, StringComparison.Ordinal);
        Assert.Contains("%x_quantized = graph.quantize_linear %x, %x_act_scale, %x_act_zero_point {axis = 1, block_size = 0, output_dtype = 0, saturate = 1}", text, StringComparison.Ordinal);
        Assert.Contains("%conv = graph.conv %x_dequantized, %w_dequantized", text, StringComparison.Ordinal);
        var parsed = GraphParser.Parse(text, "quantized.qir");
        Assert.True(parsed.Module is not null, string.Join("\n", parsed.Diagnostics));
        Assert.Equal(text, GraphPrinter.Print(parsed.Module!));
    }

    [Fact]
    public void SharedWeightAndInput_EachLayerGetsItsFormat_TheInputOnePair()
    {
        var module = TestModels.SharedWeight();
        var act = new ActivationQuantization((IntegerFormat)NumberFormat.Parse("uint8(per_tensor)"), 0f, 2f);
        var result = QuantizeLayersPass.Run(module, Plan(("left", "int8(axis=1)", act), ("right", "int4(per_tensor)", act)));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var ops = module.Main.Ops;
        Assert.Single(ops.OfType<QuantizeLinearOp>());
        Assert.Equal(3, ops.OfType<DequantizeLinearOp>().Count());
        Assert.Same(Layer(module, "left").Input(0), Layer(module, "right").Input(0));
        Assert.NotSame(Layer(module, "left").Input(1), Layer(module, "right").Input(1));
        Assert.False(module.Constants.TryGet("w", out _));
        Assert.Equal(["w", "w"], result.Layers.Select(r => r.Weight));
        Assert.True(GraphVerifier.Verify(module, new Core.Diagnostics.DiagnosticBag(), requireTypes: true));
    }

    [Fact]
    public void PrecomputedEncodingOfAnotherShape_IsQc4303()
    {
        var module = TestModels.ConvGemmMatMul();
        var wrong = Quantizer.Encode(TensorData.Create<float>([6, 10], TestModels.Random(60, 5)), NumberFormat.Parse("int8(axis=0)"));
        var plan = new Dictionary<string, LayerQuantization>
        {
            ["gemm"] = new(null, null, false, new PrecomputedWeight(wrong)),
            ["matmul"] = new(null, null, false, new PrecomputedWeight(wrong, Transposed: false)),
            ["conv"] = new(null, null, false, new PrecomputedWeight(wrong, Transposed: true)),
        };
        var result = QuantizeLayersPass.Run(module, plan);
        // matmul [10, 6] has 60 elements: the [6, 10] encoding is taken as a reshape; the others do not fit
        Assert.Equal([4303, 4303], result.Diagnostics.Select(d => d.Code.Number));
        Assert.Equal("matmul", Assert.Single(result.Layers).Layer);
        Assert.Equal("Reshape", Layer(module, "matmul").Input(1)!.Producer!.Schema.OpType);
    }
}
