using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using static Qc.Lowering.Tests.TestGraph;

namespace Qc.Lowering.Tests;

/// <summary>Single ops (and small fused chains) on seeded random shapes, odd sizes included so vector tails run:
/// lowered with vector width 1 and 16, verified, interpreted, and compared with ONNX Runtime on the exported model.</summary>
public sealed class OpTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in s_cases.Keys)
        {
            for (var seed = 0; seed < 3; seed++)
            {
                data.Add(name, seed);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<Random, TestGraph, Value[]>> s_cases = new(StringComparer.Ordinal)
    {
        ["conv2d"] = (r, g) =>
        {
            var group = r.Next(3) switch { 0 => 1, 1 => 2, _ => 3 };
            var c = group * r.Next(1, 3);
            var oc = group * r.Next(1, 5);
            var k = new[] { 1, 3, 5 }[r.Next(3)];
            var x = g.Input("x", r.Next(1, 3), c, r.Next(k + 2, 24), r.Next(k + 2, 37));
            var s = r.Next(1, 3);
            var d = r.Next(1, 3);
            var p = r.Next(0, 3);
            return [g.Op("Conv", [x, g.Weight("w", oc, c / group, k, k), r.Next(2) == 0 ? null : g.Weight("b", oc)],
                Int("group", group), IntList("strides", s, 1), IntList("dilations", d, d), IntList("pads", p, p, p, r.Next(0, 3)))];
        },
        ["conv_depthwise_same"] = (r, g) =>
        {
            var c = r.Next(2, 7);
            var x = g.Input("x", 1, c, r.Next(5, 20), r.Next(5, 40));
            return [g.Op("Conv", [x, g.Weight("w", c, 1, 3, 3), g.Weight("b", c)], Int("group", c), Str("auto_pad", "SAME_UPPER"),
                IntList("strides", r.Next(1, 3), r.Next(1, 3)))];
        },
        ["conv_stride2_vector"] = (r, g) =>
        {
            var x = g.Input("x", 1, 3, r.Next(5, 12), r.Next(33, 50));
            return [g.Op("Conv", [x, g.Weight("w", 4, 3, 3, 3), g.Weight("b", 4)], IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1))];
        },
        ["conv1d"] = (r, g) =>
        {
            var x = g.Input("x", 2, 3, r.Next(8, 40));
            return [g.Op("Conv", [x, g.Weight("w", 4, 3, 3), g.Weight("b", 4)], IntList("pads", 1, 2), IntList("strides", r.Next(1, 3)))];
        },
        ["conv_relu_residual"] = (r, g) =>
        {
            var x = g.Input("x", 1, 4, r.Next(5, 20), r.Next(5, 40));
            var y = g.Op("Conv", [x, g.Weight("w", 4, 4, 3, 3), null], IntList("pads", 1, 1, 1, 1));
            y = g.Op("Add", [y, g.Weight("bias", 4, 1, 1)]);
            y = g.Op("Relu", [y]);
            return [g.Op("Add", [y, x])];
        },
        ["conv_hardswish_decomposed"] = (r, g) =>
        {
            var x = g.Input("x", 1, 3, r.Next(5, 20), r.Next(5, 40));
            var y = g.Op("Conv", [x, g.Weight("w", 6, 3, 1, 1), g.Weight("b", 6)]);
            var t = g.Op("Add", [y, g.Const("three", TensorData.Scalar(3f))]);
            t = g.Op("Clip", [t, g.Const("lo", TensorData.Scalar(0f)), g.Const("hi", TensorData.Scalar(6f))]);
            t = g.Op("Div", [t, g.Const("six", TensorData.Scalar(6f))]);
            return [g.Op("Mul", [y, t])];
        },
        ["conv_transpose"] = (r, g) =>
        {
            var x = g.Input("x", 1, 4, r.Next(3, 9), r.Next(3, 9));
            return [g.Op("ConvTranspose", [x, g.Weight("w", 4, 3, 3, 3), g.Weight("b", 3)], IntList("strides", 2, 2),
                IntList("pads", 1, 1, 1, 1), IntList("output_padding", 1, 1))];
        },
        ["gemm"] = (r, g) =>
        {
            var (m, k, n) = (r.Next(1, 9), r.Next(1, 40), r.Next(1, 50));
            var transA = r.Next(2);
            var transB = r.Next(2);
            var a = g.Input("a", transA == 1 ? [k, m] : [m, k]);
            var b = r.Next(2) == 0 ? g.Weight("b", transB == 1 ? [n, k] : [k, n]) : g.Input("b", transB == 1 ? [n, k] : [k, n]);
            var c = r.Next(3) switch { 0 => g.Weight("c", n), 1 => g.Weight("c", m, n), _ => g.Weight("c", 1) };
            return [g.Op("Gemm", [a, b, c], Int("transA", transA), Int("transB", transB), Float("alpha", 0.5f), Float("beta", 2f))];
        },
        ["matmul_batched"] = (r, g) =>
        {
            var (m, k, n) = (r.Next(1, 7), r.Next(1, 20), r.Next(1, 40));
            var a = g.Input("a", 2, 1, m, k);
            var b = g.Input("b", 3, k, n);
            return [g.Op("MatMul", [a, b])];
        },
        ["matmul_vector"] = (r, g) => [g.Op("MatMul", [g.Input("a", 17), g.Weight("b", 2, 17, r.Next(1, 33))])],
        ["max_pool"] = (r, g) =>
        {
            var x = g.Input("x", 1, 3, r.Next(6, 20), r.Next(6, 20));
            return [g.Op("MaxPool", [x], IntList("kernel_shape", 3, 3), IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1),
                Int("ceil_mode", r.Next(2)))];
        },
        ["average_pool"] = (r, g) =>
        {
            var x = g.Input("x", 2, 3, r.Next(6, 20), r.Next(6, 20));
            return [g.Op("AveragePool", [x], IntList("kernel_shape", 3, 2), IntList("strides", 2, 1), IntList("pads", 1, 0, 1, 1),
                Int("count_include_pad", r.Next(2)), Int("ceil_mode", r.Next(2)))];
        },
        ["global_pools"] = (r, g) =>
        {
            var x = g.Input("x", 2, 3, r.Next(1, 20), r.Next(1, 20));
            return [g.Op("GlobalAveragePool", [x]), g.Op("GlobalMaxPool", [x])];
        },
        ["softmax"] = (r, g) =>
        {
            var x = g.Input("x", 2, r.Next(1, 20), r.Next(1, 40));
            return [g.Op("Softmax", [x], Int("axis", r.Next(-1, 3))), g.Op("LogSoftmax", [x], Int("axis", -1))];
        },
        ["layer_norm"] = (r, g) =>
        {
            var d = r.Next(1, 40);
            var x = g.Input("x", 3, r.Next(1, 5), d);
            return [g.Op("LayerNormalization", [x, g.Weight("s", d), g.Weight("b", d)], Int("axis", -1), Float("epsilon", 1e-5f))];
        },
        ["reduce"] = (r, g) =>
        {
            var x = g.Input("x", 3, r.Next(1, 9), r.Next(1, 30));
            var axes = g.Ints("axes", r.Next(2) == 0 ? [2] : [0, 2]);
            return [g.Op("ReduceMean", [x, axes], Int("keepdims", 1)), g.Op("ReduceMax", [x, axes], Int("keepdims", 0)),
                g.Op("ReduceSumSquare", [x, axes], Int("keepdims", 1)), g.Op("ReduceL2", [x, axes], Int("keepdims", 0))];
        },
        ["resize"] = (r, g) =>
        {
            var x = g.Input("x", 1, 2, r.Next(2, 9), r.Next(2, 9));
            var mode = r.Next(2) == 0 ? "nearest" : "linear";
            var transform = new[] { "half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel" }[r.Next(4)];
            var scales = g.Const("scales", TensorData.Create<float>([4], [1f, 1f, 2f, 1.5f]));
            return [g.Op("Resize", [x, null, scales], Str("mode", mode), Str("coordinate_transformation_mode", transform),
                Str("nearest_mode", "round_prefer_floor"))];
        },
        ["data_movement"] = (r, g) =>
        {
            var (a, w) = (r.Next(2, 6), r.Next(2, 30));
            var x = g.Input("x", 2, a, w);
            var y = g.Input("y", 2, 3, w);
            var concat = g.Op("Concat", [x, y], Int("axis", 1));
            var t = g.Op("Transpose", [concat], IntList("perm", 2, 0, 1));
            var s = g.Op("Slice", [concat, g.Ints("st", 1, 0), g.Ints("en", 100, -1), g.Ints("ax", 1, 2), g.Ints("sp", 2, 1)]);
            var p = g.Op("Pad", [x, g.Ints("pads", 0, 1, 2, 0, 2, 1)], Str("mode", r.Next(2) == 0 ? "reflect" : "edge"));
            var gathered = g.Op("Gather", [concat, g.Ints("idx", 0, -1, 1)], Int("axis", 1));
            var parts = g.Ops("Split", [concat, g.Ints("split", 1, a + 2)], 2, Int("axis", 1));
            return [t, s, p, gathered, parts[0], parts[1]];
        },
        ["elementwise_broadcast"] = (r, g) =>
        {
            var n = r.Next(1, 40);
            var x = g.Input("x", 2, 3, n);
            var y = g.Input("y", 3, 1);
            var e = g.Op("Sigmoid", [g.Op("Mul", [g.Op("Sub", [x, y]), g.Weight("w", n)])]);
            var w = g.Op("Where", [g.Op("Greater", [x, y]), e, g.Op("Tanh", [x])]);
            return [g.Op("Max", [w, g.Op("Erf", [x]), g.Op("HardSwish", [y])]), g.Op("LeakyRelu", [x], Float("alpha", 0.1f))];
        },
        ["quantize_dequantize"] = (r, g) =>
        {
            var c = r.Next(1, 5);
            var x = g.Input("x", 2, c, 8);
            var q = g.Op("QuantizeLinear", [x, g.Const("qs", TensorData.Scalar(0.01f)), g.Const("qz", TensorData.Scalar((byte)128))]);
            var dq = g.Op("DequantizeLinear", [q, g.Const("ds", TensorData.Create<float>([c], [.. Enumerable.Range(1, c).Select(i => i * 0.01f)])),
                g.Const("dz", TensorData.Create<byte>([c], [.. Enumerable.Range(0, c).Select(i => (byte)(120 + i))]))], Int("axis", 1));
            var blockScales = g.Const("bs", TensorData.Create<float>([2, c, 2], [.. Enumerable.Range(0, 4 * c).Select(i => 0.02f + (i * 0.001f))]));
            var blocked = g.Op("DequantizeLinear", [q, blockScales, g.Const("bz", TensorData.Create<byte>([2, c, 2], new byte[4 * c]))],
                Int("axis", 2), Int("block_size", 4));
            return [dq, blocked];
        },
    };

    [OrtTheory]
    [MemberData(nameof(Cases))]
    public void LoweredOpMatchesOnnxRuntime(string name, int seed)
    {
        TestEnvironment.RequireOrt();
        var random = new Random((name.Length * 1000) + seed);
        var g = new TestGraph(seed);
        var module = g.Build(s_cases[name](random, g));
        var exported = OnnxExporter.Export(module);
        exported.Success.ShouldBeTrue();
        var inputs = module.Main.Parameters.ToDictionary(p => p.Name, p => RandomTensor(random, p), StringComparer.Ordinal);
        using var session = OrtSession.Open(exported.ToBytes());
        var expected = session.Run(inputs);
        foreach (var width in new[] { 1, 16 })
        {
            var result = GraphLowering.Lower(module, new LoweringOptions(VectorWidth: width));
            result.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
            result.Module!.Verify().ShouldBeEmpty();
            var run = KernelInterpreter.Run(result.Module, inputs);
            run.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
            foreach (var o in module.Main.Outputs)
            {
                Compare.Mismatch(run.Outputs[o.Name], expected[o.Name]).ShouldBeNull($"{name} seed {seed} width {width} output {o.Name}");
            }
        }
    }

    private static TensorData RandomTensor(Random random, Value p)
    {
        var dims = p.TensorType!.StaticDims!;
        var values = new float[TensorData.ElementCountOf(dims)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 4) - 2;
        }

        return TensorData.Create<float>(dims, values);
    }
}
