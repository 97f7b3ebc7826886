using System.Globalization;
using Google.Protobuf;
using Onnx;
using Qc.Core.Tensors;
using Qc.Formats;
using Qc.Ir.Graph;
using Qc.Onnx;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using Qc.Passes.Quantization;
using Xunit.Abstractions;

namespace Qc.Passes.Tests;

/// <summary>The QDQ graphs on ONNX Runtime: the DequantizeLinear outputs ORT computes equal qc's own decode bit for bit,
/// and the whole model gives the outputs of qc's simulation (the same weights as dequantized float constants).</summary>
public sealed class OrtQdqTests(ITestOutputHelper output)
{
    /// <summary>Formats applied to all three layers of the small model, with the realization expected.</summary>
    public static TheoryData<string, WeightRealization> Formats => new()
    {
        { "int8(axis=0)", WeightRealization.Dequantize },
        { "int8(per_tensor)", WeightRealization.Dequantize },
        { "int8(axis=0, range=restricted)", WeightRealization.Dequantize },
        { "uint8(per_tensor)", WeightRealization.Dequantize },
        { "uint8(axis=0)", WeightRealization.Dequantize },
        { "int8(axis=0, scale=f16)", WeightRealization.Dequantize },
        { "int8(group=32, scale=f16)", WeightRealization.Dequantize },
        { "int4(per_tensor)", WeightRealization.Dequantize },
        { "int4(axis=0)", WeightRealization.Dequantize },
        { "int4(group=2)", WeightRealization.Dequantize },
        { "int4(group=3)", WeightRealization.Dequantize },     // ragged last group everywhere
        { "int4(group=32, scale=e8m0)", WeightRealization.Dequantize },
        { "uint4(group=4)", WeightRealization.Dequantize },
        { "int3(axis=0)", WeightRealization.Dequantize },
        { "uint2(group=4)", WeightRealization.Dequantize },
        { "fp8_e4m3", WeightRealization.Dequantize },
        { "fp8_e5m2", WeightRealization.Dequantize },
        { "fp8_e4m3(axis=0)", WeightRealization.Dequantize },
        { "fp8_e4m3(group=4)", WeightRealization.Dequantize },
        { "fp8_e5m2(group=8, scale=f16)", WeightRealization.Dequantize },
        { "fp8_e4m3(scale=none)", WeightRealization.Dequantize },
        { "nf4(group=64)", WeightRealization.FakeQuant },
        { "fp4_e2m1(group=32)", WeightRealization.FakeQuant },
    };

    [OrtTheory]
    [MemberData(nameof(Formats))]
    public void DequantizeLinearOnOrt_EqualsQcDecode(string format, WeightRealization expected)
    {
        TestEnvironment.RequireOrt();
        var module = TestModels.ConvGemmMatMul();
        var originals = new[] { "conv", "gemm", "matmul" }.ToDictionary(l => l, l => TestModels.WeightOf(module, l));
        var simulation = OnnxExporter.Export(module).Model!;
        var plan = originals.Keys.ToDictionary(l => l, _ => new LayerQuantization(NumberFormat.Parse(format)), StringComparer.Ordinal);
        var result = QuantizeLayersPass.Run(module, plan);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.All(result.Layers, r => Assert.Equal(expected, r.Realization));

        // qc's simulation: the same model with each weight replaced by Quantizer.Decode of its encoding.
        var decoded = result.Layers.ToDictionary(r => r.Layer, r => Quantizer.Decode(Quantizer.Encode(originals[r.Layer], r.Format!)));
        foreach (var r in result.Layers)
        {
            var i = simulation.Graph.Initializer.IndexOf(simulation.Graph.Initializer.Single(t => t.Name == r.Weight));
            simulation.Graph.Initializer[i] = OnnxTensors.FromTensorData(decoded[r.Layer], r.Weight);
        }

        var exported = OnnxExporter.Export(module);
        Assert.True(exported.Success, string.Join("\n", exported.Diagnostics));
        var captured = OnnxModelEditor.AddOutputs(exported.ToBytes(), result.Layers.Select(r => r.DequantizedValue!));
        var feeds = new Dictionary<string, TensorData> { ["x"] = TensorData.Create<float>([1, 4, 5, 5], TestModels.Random(100, 7)) };
        using var qdq = OrtSession.Open(captured);
        using var sim = OrtSession.Open(simulation.ToByteArray());
        var got = qdq.Run(feeds);
        foreach (var r in result.Layers)
        {
            Assert.Equal(decoded[r.Layer].ToArray<float>(), got[r.DequantizedValue!].ToArray<float>());
        }

        var y = got["y"].ToArray<float>();
        var ySim = sim.Run(feeds)["y"].ToArray<float>();
        var diff = y.Zip(ySim, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{format}: {string.Join(", ", result.Layers.Select(r => $"{r.Layer} {r.Format} {r.Realization} {r.StorageType} {r.StoredBytes}/{r.Float32Bytes} B"))}; output vs simulation max |diff| {diff:G3}"));
        Assert.True(diff <= 1e-5, $"output differs from the simulation by {diff}");
    }

    /// <summary>Asymmetric signed formats keep their own type: an i8/i4 zero point next to i8/i4 codes, which ORT accepts.</summary>
    [OrtTheory]
    [InlineData("uint8(per_tensor)", ElementType.U8)]
    [InlineData("int8(per_tensor, asymmetric)", ElementType.I8)]
    [InlineData("int8(per_tensor)", ElementType.I8)]
    [InlineData("uint4(per_tensor)", ElementType.U4)]
    [InlineData("int4(per_tensor, asymmetric)", ElementType.I4)]
    public void ActivationQdq_OnOrtEqualsQuantizeThenDecode(string format, ElementType zeroPointType)
    {
        TestEnvironment.RequireOrt();
        var module = TestModels.ConvGemmMatMul();
        var act = new ActivationQuantization((IntegerFormat)NumberFormat.Parse(format), -0.8f, 0.9f);
        var result = QuantizeLayersPass.Run(module, new Dictionary<string, LayerQuantization> { ["conv"] = new(null, act) });
        Assert.True(result.Success);
        var a = Assert.Single(result.Layers).Activation!;
        var bytes = OnnxModelEditor.AddOutputs(OnnxExporter.Export(module).ToBytes(), [a.DequantizedValue]);
        var x = TestModels.Random(100, 9);
        using var session = OrtSession.Open(bytes);
        var got = session.Run(new Dictionary<string, TensorData> { ["x"] = TensorData.Create<float>([1, 4, 5, 5], x) })[a.DequantizedValue].ToArray<float>();
        var parameters = new QuantizationParameters([], [a.Scale], a.Format.Symmetric ? [] : [a.ZeroPoint]);
        var expected = Quantizer.DecodeToArray(Quantizer.Encode(TensorData.Create<float>([100], x), a.Format, parameters));
        Assert.Equal(expected, got);
        var zeroPoint = module.Constants.Single(c => c.Name.EndsWith("_act_zero_point", StringComparison.Ordinal)).Data!;
        Assert.Equal(zeroPointType, zeroPoint.ElementType);
        if (!a.Format.Symmetric)
        {
            Assert.NotEqual(0, a.ZeroPoint); // the range [-0.8, 0.9] is not centred: an asymmetric grid shifts it
        }
    }

    [OrtTheory]
    [InlineData("int4(group=12)", WeightRealization.Dequantize)]
    [InlineData("uint8(group=5)", WeightRealization.Dequantize)]
    [InlineData("nf4(group=4)", WeightRealization.FakeQuant)]
    public void PrecomputedEncodingsOfMatrixViews_AreExactOnOrt(string format, WeightRealization expected)
    {
        TestEnvironment.RequireOrt();
        var module = TestModels.ConvGemmMatMul();
        var conv = TestModels.WeightOf(module, "conv");     // [6, 4, 3, 3] as the view [6, 36]
        var gemm = TestModels.WeightOf(module, "gemm");     // [10, 150] as stored
        var matmul = TestModels.WeightOf(module, "matmul"); // [10, 6] as the transposed view [6, 10]
        var f = NumberFormat.Parse(format);
        var convView = Quantizer.Encode(TensorData.Create<float>([6, 36], conv.AsSpan<float>()), f);
        var gemmEnc = Quantizer.Encode(gemm, f);
        var m = matmul.ToArray<float>();
        var t = new float[60];
        for (var r = 0; r < 10; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                t[(c * 10) + r] = m[(r * 6) + c];
            }
        }

        var matmulView = Quantizer.Encode(TensorData.Create<float>([6, 10], t), f);
        var plan = new Dictionary<string, LayerQuantization>
        {
            ["conv"] = new(null, null, false, new PrecomputedWeight(convView)),
            ["gemm"] = new(null, null, false, new PrecomputedWeight(gemmEnc)),
            ["matmul"] = new(null, null, false, new PrecomputedWeight(matmulView, Transposed: true)),
        };
        var result = QuantizeLayersPass.Run(module, plan);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.All(result.Layers, r => Assert.Equal(expected, r.Realization));

        var convExpected = Quantizer.DecodeToArray(convView);
        var gemmExpected = Quantizer.DecodeToArray(gemmEnc);
        var mv = Quantizer.DecodeToArray(matmulView);
        var matmulExpected = new float[60];
        for (var r = 0; r < 10; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                matmulExpected[(r * 6) + c] = mv[(c * 10) + r];
            }
        }

        var bytes = OnnxModelEditor.AddOutputs(OnnxExporter.Export(module).ToBytes(), result.Layers.Select(r => r.DequantizedValue!));
        using var session = OrtSession.Open(bytes);
        var got = session.Run(new Dictionary<string, TensorData> { ["x"] = TensorData.Create<float>([1, 4, 5, 5], TestModels.Random(100, 7)) });
        var byLayer = result.Layers.ToDictionary(r => r.Layer, r => got[r.DequantizedValue!]);
        Assert.Equal([6L, 4, 3, 3], byLayer["conv"].Dims.ToArray());
        Assert.Equal([10L, 6], byLayer["matmul"].Dims.ToArray());
        Assert.Equal(convExpected, byLayer["conv"].ToArray<float>());
        Assert.Equal(gemmExpected, byLayer["gemm"].ToArray<float>());
        Assert.Equal(matmulExpected, byLayer["matmul"].ToArray<float>());
        Assert.Equal(convView.Cost.SerializedBytes, result.Layers.Single(r => r.Layer == "conv").StoredBytes);
    }
}
