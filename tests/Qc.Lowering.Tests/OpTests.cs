using Qc.Codegen;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using Xunit.Abstractions;
using static Qc.Lowering.Tests.TestGraph;

namespace Qc.Lowering.Tests;

/// <summary>Single ops (and small fused chains) of every lowered op family on seeded random shapes, odd sizes included
/// so vector tails run, each run three ways: lowered with vector width 1 and 16, verified, interpreted, and compared with
/// ONNX Runtime on the exported model; and lowered for the host's x86_64 target (znver4 where the CPU has AVX-512, else
/// x86-64-v3) with every parallel loop kept (<c>ParallelMinWork: 0</c>), compiled to a shared object, run with 1 and 2
/// threads on poisoned scratch memory, and compared with the interpreter on the same kernel IR to within a few ulps
/// (<see cref="s_compiledTolerance"/>).</summary>
public sealed class OpTests(ITestOutputHelper output)
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
        ["unary_exact"] = (r, g) =>
        {
            var x = g.Input("x", RandomDims(r));
            return [g.Op("Relu", [x]), g.Op("LeakyRelu", [x], Float("alpha", 0.07f)), g.Op("HardSigmoid", [x], Float("alpha", 0.3f), Float("beta", 0.4f)),
                g.Op("HardSwish", [x]), g.Op("Sqrt", [g.Op("Abs", [x])]), g.Op("Reciprocal", [x]), g.Op("Floor", [x]), g.Op("Ceil", [x]),
                g.Op("Round", [g.Op("Mul", [x, g.Const("two", TensorData.Scalar(2f))])]), g.Op("Sign", [x]), g.Op("Neg", [x]), g.Op("Softsign", [x]),
                g.Op("ThresholdedRelu", [x], Float("alpha", 0.5f)), g.Op("Clip", [x, g.Const("lo", TensorData.Scalar(-0.5f)), g.Const("hi", TensorData.Scalar(1.25f))])];
        },
        ["unary_transcendental"] = (r, g) =>
        {
            var x = g.Input("x", RandomDims(r));
            return [g.Op("Exp", [x]), g.Op("Log", [g.Op("Abs", [x])]), g.Op("Tanh", [x]), g.Op("Erf", [x]), g.Op("Sigmoid", [x]),
                g.Op("Gelu", [x]), g.Op("Gelu", [x], Str("approximate", "tanh")), g.Op("Softplus", [x]), g.Op("Elu", [x], Float("alpha", 0.8f)),
                g.Op("Selu", [x]), g.Op("Celu", [x], Float("alpha", 1.5f)), g.Op("Mish", [x])];
        },
        ["trigonometric"] = (r, g) =>
        {
            // Inputs in [-2, 2): scaled so sin/cos reduce over several quadrants, tan stays away from ±π/2, and the inverse
            // functions stay in their domains (|x| < 1 for asin, acos, atanh; x ≥ 1 for acosh).
            var x = g.Input("x", RandomDims(r));
            Value Scaled(float k) => g.Op("Mul", [x, g.Const("k" + k.ToString(System.Globalization.CultureInfo.InvariantCulture), TensorData.Scalar(k))]);
            var wide = Scaled(3f);
            var half = Scaled(0.49f);
            return [g.Op("Sin", [wide]), g.Op("Cos", [wide]), g.Op("Tan", [Scaled(0.7f)]), g.Op("Atan", [wide]), g.Op("Asin", [half]),
                g.Op("Acos", [half]), g.Op("Sinh", [x]), g.Op("Cosh", [x]), g.Op("Asinh", [wide]), g.Op("Atanh", [half]),
                g.Op("Acosh", [g.Op("Add", [g.Op("Abs", [x]), g.Const("one", TensorData.Scalar(1f))])])];
        },
        ["binary_broadcast"] = (r, g) =>
        {
            var dims = RandomDims(r, minRank: 2);
            var x = g.Input("x", dims);
            var y = g.Input("y", BroadcastDims(r, dims));
            var z = g.Input("z", BroadcastDims(r, dims));
            var one = g.Const("one", TensorData.Scalar(1f));
            return [g.Op("Add", [x, y]), g.Op("Sub", [y, x]), g.Op("Mul", [x, y]), g.Op("Div", [x, g.Op("Add", [g.Op("Abs", [y]), one])]),
                g.Op("Pow", [g.Op("Abs", [x]), y]), g.Op("Min", [x, y, z]), g.Op("Max", [z, x]), g.Op("Sum", [x, y, z]), g.Op("Mean", [y, x]),
                g.Op("Mod", [x, g.Op("Add", [g.Op("Abs", [y]), one])], Int("fmod", 1)), g.Op("PRelu", [x, y])];
        },
        ["compare_logic_where"] = (r, g) =>
        {
            var dims = RandomDims(r, minRank: 2);
            var x = g.Input("x", dims);
            var y = g.Input("y", BroadcastDims(r, dims));
            var (fx, fy) = (g.Op("Floor", [x]), g.Op("Floor", [y]));
            var eq = g.Op("Equal", [fx, fy]);
            var lt = g.Op("Less", [x, y]);
            var ge = g.Op("GreaterOrEqual", [fx, fy]);
            return [eq, lt, g.Op("Greater", [x, y]), g.Op("LessOrEqual", [fx, fy]), g.Op("And", [eq, ge]), g.Op("Or", [lt, eq]),
                g.Op("Xor", [lt, ge]), g.Op("Not", [lt]), g.Op("Where", [lt, x, y])];
        },
        ["cast_expand"] = (r, g) =>
        {
            var (a, c, w) = (r.Next(1, 4), r.Next(1, 6), r.Next(1, 40));
            var x = g.Input("x", 1, c, 1);
            var v = g.Input("v", a, c, w);
            var scaled = g.Op("Mul", [v, g.Const("s", TensorData.Scalar(30f))]);
            return [g.Op("Expand", [x, g.Ints("shape", a, c, w)]), g.Op("Expand", [x, g.Ints("shape2", w, 1, 1, 1)]),
                g.Op("Cast", [scaled], Int("to", (long)ElementType.I32)), g.Op("Cast", [scaled], Int("to", (long)ElementType.I64)),
                g.Op("Cast", [scaled], Int("to", (long)ElementType.I8)), g.Op("Cast", [g.Op("Floor", [v])], Int("to", (long)ElementType.Bool)),
                g.Op("Cast", [scaled], Int("to", (long)ElementType.F16)), g.Op("Cast", [scaled], Int("to", (long)ElementType.F64)),
                g.Op("Cast", [g.Op("Cast", [scaled], Int("to", (long)ElementType.I32))], Int("to", (long)ElementType.F32))];
        },
        ["conv_transpose_random"] = (r, g) =>
        {
            var group = r.Next(1, 3);
            var (c, oc) = (group * r.Next(1, 3), group * r.Next(1, 4));
            var (kh, kw) = (r.Next(1, 4), r.Next(1, 4));
            var (sh, sw) = (r.Next(1, 4), r.Next(1, 3));
            var d = r.Next(1, 3);
            var x = g.Input("x", r.Next(1, 3), c, r.Next(1, 8), r.Next(1, 12));
            return [g.Op("ConvTranspose", [x, g.Weight("w", c, oc / group, kh, kw), r.Next(2) == 0 ? null : g.Weight("b", oc)], Int("group", group),
                IntList("strides", sh, sw), IntList("dilations", d, 1), IntList("pads", r.Next(0, kh), r.Next(0, kw), r.Next(0, kh), 0),
                IntList("output_padding", r.Next(0, sh), r.Next(0, sw)))];
        },
        ["conv_transpose_upsample"] = (r, g) =>
        {
            // DBNet's head: 2x2 stride-2 upsampling (one tap per output phase), BN and ReLU fused, rows wider than a vector.
            var (c, oc) = (r.Next(1, 10), r.Next(1, 10));
            var x = g.Input("x", r.Next(1, 3), c, r.Next(1, 9), r.Next(1, 40));
            var y = g.Op("ConvTranspose", [x, g.Weight("w", c, oc, 2, 2), g.Weight("b", oc)], IntList("strides", 2, 2));
            y = g.Op("BatchNormalization", [y, g.Weight("scale", oc), g.Weight("shift", oc), g.Weight("mean", oc),
                g.Const("var", TensorData.Create<float>([oc], [.. Enumerable.Range(0, oc).Select(i => 0.5f + (0.25f * i))]))]);
            return [g.Op("Relu", [y])];
        },
        ["conv_transpose_runtime_weights"] = (r, g) =>
        {
            var x = g.Input("x", 1, 2, r.Next(1, 8), r.Next(1, 12));
            return [g.Op("ConvTranspose", [x, g.Input("w", 2, 3, 3, 2)], IntList("strides", r.Next(1, 4), r.Next(1, 3)), IntList("pads", 1, 0, 0, 1))];
        },
        ["conv_transpose_1d"] = (r, g) =>
        {
            var s = r.Next(1, 4);
            var x = g.Input("x", 1, 3, r.Next(2, 30));
            return [g.Op("ConvTranspose", [x, g.Weight("w", 3, 5, 3), g.Weight("b", 5)], IntList("strides", s), IntList("pads", 1, r.Next(0, 2)))];
        },
        ["conv1d_grouped_dilated"] = (r, g) =>
        {
            var group = r.Next(1, 4);
            var d = r.Next(1, 4);
            var x = g.Input("x", 1, 2 * group, r.Next(3 * d, 60));
            return [g.Op("Conv", [x, g.Weight("w", 3 * group, 2, 3), g.Weight("b", 3 * group)], Int("group", group), IntList("dilations", d),
                IntList("strides", r.Next(1, 4)), IntList("pads", r.Next(0, 3), r.Next(0, 3)))];
        },
        ["pool_1d_dilated"] = (r, g) =>
        {
            var x = g.Input("x", 2, 3, r.Next(7, 50));
            var y = g.Input("y", 1, 2, r.Next(7, 15), r.Next(7, 30));
            return [g.Op("MaxPool", [x], IntList("kernel_shape", 3), IntList("strides", r.Next(1, 4)), IntList("pads", 1, 1)),
                g.Op("AveragePool", [x], IntList("kernel_shape", 4), IntList("strides", 3), IntList("pads", 0, 2), Int("ceil_mode", 1)),
                g.Op("MaxPool", [y], IntList("kernel_shape", 2, 3), IntList("dilations", 2, 2), IntList("strides", 1, 2))];
        },
        ["softmax_hardmax"] = (r, g) =>
        {
            var x = g.Input("x", r.Next(1, 4), r.Next(1, 9), r.Next(1, 40));
            var axis = r.Next(-3, 3);
            return [g.Op("Softmax", [x], Int("axis", axis)), g.Op("LogSoftmax", [x], Int("axis", axis)), g.Op("Hardmax", [x], Int("axis", -1))];
        },
        ["norms"] = (r, g) =>
        {
            var (c, h, w) = (r.Next(1, 6), r.Next(1, 7), r.Next(1, 35));
            var x = g.Input("x", 2, c, h, w);
            return [g.Op("LayerNormalization", [x, g.Weight("s", h, w), g.Weight("b", h, w)], Int("axis", -2), Float("epsilon", 1e-5f)),
                g.Op("InstanceNormalization", [x, g.Weight("is", c), g.Weight("ib", c)], Float("epsilon", 1e-5f))];
        },
        ["reduce_all"] = (r, g) =>
        {
            var x = g.Input("x", r.Next(1, 4), r.Next(1, 9), r.Next(1, 33));
            var axes = g.Ints("axes", new long[][] { [1], [-1], [0, 2], [0, 1, 2] }[r.Next(4)]);
            var keep = Int("keepdims", r.Next(2));
            var axis = r.Next(3);
            var positive = g.Op("Abs", [x]);
            return [g.Op("ReduceSum", [x, axes], keep), g.Op("ReduceMin", [x, axes], keep), g.Op("ReduceProd", [x, axes], keep),
                g.Op("ReduceL1", [x, axes], keep), g.Op("ReduceLogSum", [positive, axes], keep), g.Op("ReduceLogSumExp", [x, axes], keep),
                g.Op("ArgMax", [x], Int("axis", axis), keep), g.Op("ArgMin", [x], Int("axis", axis), Int("keepdims", 1), Int("select_last_index", 1))];
        },
        ["data_movement_more"] = (r, g) =>
        {
            var (c, h, w) = (4 * r.Next(1, 3), 2 * r.Next(1, 5), 2 * r.Next(1, 9));
            var x = g.Input("x", 1, c, h, w);
            var m = g.Input("m", r.Next(1, 9), r.Next(1, 20));
            return [g.Op("Tile", [m, g.Ints("reps", 2, 3)]), g.Op("DepthToSpace", [x], Int("blocksize", 2), Str("mode", r.Next(2) == 0 ? "DCR" : "CRD")),
                g.Op("SpaceToDepth", [x], Int("blocksize", 2)), g.Op("Trilu", [m], Int("upper", r.Next(2))),
                g.Op("GatherElements", [m, g.Const("gi", TensorData.Create<long>([1, 3], [0, -1, 0]))], Int("axis", 1)),
                g.Op("CumSum", [m, g.Const("ax", TensorData.Scalar(1L))], Int("exclusive", r.Next(2)), Int("reverse", r.Next(2))),
                g.Op("Pad", [m, g.Ints("cp", 1, 0, 2, 3), g.Const("cv", TensorData.Scalar(0.5f))], Str("mode", "constant"))];
        },
        ["gather_nd"] = (r, g) =>
        {
            var dims = RandomDims(r, minRank: 2);
            var k = r.Next(1, dims.Length + 1);
            long[] ishape = [.. Enumerable.Range(0, r.Next(0, 3)).Select(_ => (long)r.Next(1, 4)), k];
            var values = new long[TensorData.ElementCountOf(ishape)];
            for (var i = 0; i < values.Length; i++)
            {
                var d = dims[i % k];
                values[i] = r.Next((int)-d, (int)d);
            }

            return [g.Op("GatherND", [g.Input("x", dims), g.Const("ndi", TensorData.Create<long>(ishape, values))])];
        },
        ["gather_nd_batch"] = (r, g) =>
        {
            var (n, rows, cols, m) = (r.Next(1, 4), r.Next(1, 7), r.Next(1, 41), r.Next(1, 5));
            var k = r.Next(1, 3);
            long[] limits = [rows, cols];
            var values = Enumerable.Range(0, n * m * k).Select(i => (long)r.Next((int)-limits[i % k], (int)limits[i % k])).ToArray();
            var x = g.Input("x", n, rows, cols);
            return [g.Op("GatherND", [x, g.Const("bi", TensorData.Create<long>([n, m, k], values))], Int("batch_dims", 1))];
        },
        ["scatter_nd"] = (r, g) =>
        {
            var dims = RandomDims(r, minRank: 2);
            var k = r.Next(1, dims.Length);
            var tuples = TensorData.ElementCountOf(dims[..k]);
            var count = r.Next(1, (int)Math.Min(tuples, 6) + 1);
            var picked = Enumerable.Range(0, (int)tuples).OrderBy(_ => r.Next()).Take(count).ToArray();
            var values = new List<long>();
            foreach (var flat in picked)
            {
                var rest = (long)flat;
                var tuple = new long[k];
                for (var a = k - 1; a >= 0; a--)
                {
                    tuple[a] = rest % dims[a] - (r.Next(2) == 0 ? dims[a] : 0);
                    rest /= dims[a];
                }

                values.AddRange(tuple);
            }

            var updates = g.Input("u", [count, .. dims[k..]]);
            return [g.Op("ScatterND", [g.Input("x", dims), g.Const("si", TensorData.Create<long>([count, k], [.. values])), updates])];
        },
        ["scatter_nd_reduce"] = (r, g) =>
        {
            var (rows, cols, count) = (r.Next(1, 6), r.Next(1, 41), r.Next(1, 9));
            var values = Enumerable.Range(0, count).Select(_ => (long)r.Next(-rows, rows)).ToArray();
            var reduction = new[] { "add", "mul", "max", "min" }[r.Next(4)];
            var x = g.Input("x", rows, cols);
            return [g.Op("ScatterND", [x, g.Const("ri", TensorData.Create<long>([count, 1], values)), g.Input("u", count, cols)],
                Str("reduction", reduction))];
        },
        ["scatter_elements"] = (r, g) =>
        {
            var dims = RandomDims(r);
            var axis = r.Next(dims.Length);
            long[] ishape = [.. dims.Select(d => (long)r.Next(1, (int)d + 1))];
            var strides = ishape.Select((_, a) => ishape[(a + 1)..].Aggregate(1L, (p, d) => p * d)).ToArray();
            var shift = r.Next(100);
            var values = new long[TensorData.ElementCountOf(ishape)];
            for (var i = 0; i < values.Length; i++)
            {
                // Distinct along the axis within each line (reduction none leaves duplicates undefined).
                var along = i / strides[axis] % ishape[axis];
                var line = (i / (strides[axis] * ishape[axis]) * strides[axis]) + (i % strides[axis]);
                var d = dims[axis];
                values[i] = ((along + shift + line) % d) - (r.Next(2) == 0 ? d : 0);
            }

            return [g.Op("ScatterElements", [g.Input("x", dims), g.Const("ei", TensorData.Create<long>(ishape, values)), g.Input("u", ishape)],
                Int("axis", axis - (r.Next(2) == 0 ? dims.Length : 0)))];
        },
        ["scatter_elements_reduce"] = (r, g) =>
        {
            var (rows, cols, m) = (r.Next(1, 8), r.Next(1, 41), r.Next(1, 12));
            var reduction = new[] { "add", "mul", "max", "min" }[r.Next(4)];
            var values = Enumerable.Range(0, m * cols).Select(_ => (long)r.Next(-rows, rows)).ToArray();
            var x = g.Input("x", rows, cols);
            return [g.Op("ScatterElements", [x, g.Const("ri", TensorData.Create<long>([m, cols], values)), g.Input("u", m, cols)],
                Int("axis", 0), Str("reduction", reduction))];
        },
        ["quantize_int8"] = (r, g) =>
        {
            var c = r.Next(1, 6);
            var x = g.Input("x", r.Next(1, 3), c, r.Next(1, 40));
            var q = g.Op("QuantizeLinear", [x, g.Const("qs", TensorData.Create<float>([c], [.. Enumerable.Range(1, c).Select(i => i * 0.013f)])),
                g.Const("qz", TensorData.Create<sbyte>([c], [.. Enumerable.Range(0, c).Select(i => (sbyte)(i * 7 - 10))]))], Int("axis", 1));
            var u = g.Op("QuantizeLinear", [x, g.Const("us", TensorData.Scalar(0.005f))]);
            return [q, u, g.Op("DequantizeLinear", [q, g.Const("ds", TensorData.Scalar(0.02f)), g.Const("dz", TensorData.Scalar((sbyte)3))])];
        },
    };

    /// <summary>Compiled vs interpreted, per case: the f32 ulps allowed and an absolute floor. By default 0 and 0: the
    /// compiled code does the same f32 operations in the same order, so it must give the same bits. Cases with qc's
    /// exp, log, tanh, erf or pow (≤ 4 ulp f32, pow ≤ 1, specs/codegen.md) get that bound, doubled where a result
    /// combines several of them (Softmax's exps, sum and division); an atol of 1e-6 (about 8 ulp of 1.0, inputs are in
    /// [-2, 2)) covers results that cancel to near zero, where those few ulps of an intermediate are many ulps of the
    /// result (Elu/Selu/Celu's exp(x) − 1, Gelu-tanh's 1 + tanh near −1, ReduceLogSum near log 1: up to 32 ulps
    /// measured).</summary>
    private static readonly Dictionary<string, (int Ulps, double Atol)> s_compiledTolerance = new(StringComparer.Ordinal)
    {
        ["unary_transcendental"] = (8, 1e-6),
        ["trigonometric"] = (8, 1e-6),
        ["elementwise_broadcast"] = (4, 1e-6),
        ["binary_broadcast"] = (1, 0),
        ["softmax"] = (8, 1e-6),
        ["softmax_hardmax"] = (8, 1e-6),
        ["reduce_all"] = (8, 1e-6),
    };

    private static readonly string s_targetName = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "x86_64-linux-gnu:znver4" : "x86_64-linux-gnu:x86-64-v3";

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
        TargetName.TryParse(s_targetName, out var tn, out _).ShouldBeTrue();
        var target = tn!.ToDescriptor();
        var nativeOptions = LoweringOptions.ForVectorBits(target.VectorBits) with { ParallelMinWork = 0 };
        // Width 1 as a GPU target lowers (every parallel loop kept, convolutions split into one column tile per iteration).
        var gpuOptions = new LoweringOptions(VectorWidth: 1, ParallelMinWork: 0, ParallelIterations: LoweringOptions.GpuParallelIterations);
        foreach (var options in new[] { gpuOptions, new LoweringOptions(VectorWidth: 16), nativeOptions })
        {
            var label = $"{name} seed {seed} width {options.VectorWidth}{(options == nativeOptions ? " (all loops parallel)" : "")}";
            var result = GraphLowering.Lower(module, options);
            result.Diagnostics.Where(d => d.IsError).ShouldBeEmpty(label);
            result.Module!.Verify().ShouldBeEmpty(label);
            var run = KernelInterpreter.Run(result.Module, inputs);
            run.Diagnostics.Where(d => d.IsError).ShouldBeEmpty(label);
            foreach (var o in module.Main.Outputs)
            {
                Compare.Mismatch(run.Outputs[o.Name], expected[o.Name]).ShouldBeNull($"{label} interpreted, output {o.Name}");
            }

            if (options != nativeOptions)
            {
                continue;
            }

            var (ulps, atol) = s_compiledTolerance.GetValueOrDefault(name);
            var parallel = result.Module.Kernels.Count(k => k.ToString().Contains("parallel", StringComparison.Ordinal));
            using var kernels = new NativeKernels(result.Module, target, inputs);
            foreach (var threads in new[] { 1, 2 })
            {
                kernels.Poison();
                kernels.Run(threads);
                foreach (var o in module.Main.Outputs)
                {
                    var got = kernels.Output(o.Name);
                    var want = run.Outputs[o.Name];
                    if (got.ElementType == ElementType.F32)
                    {
                        output.WriteLine($"{label} {s_targetName} {threads} thread(s) output {o.Name}: {Compare.MaxUlps(got, want)} ulps, {parallel}/{result.Module.Kernels.Count} kernels parallel");
                    }

                    Compare.UlpMismatch(got, want, ulps, atol).ShouldBeNull($"{label} {s_targetName} compiled, {threads} thread(s), output {o.Name} vs interpreter");
                }
            }
        }
    }

    /// <summary>Rank 1 to 4 (at least <paramref name="minRank"/>), each dimension 1 to 9 except a last one of 1 to 40 (so
    /// the innermost axis runs whole vectors, a tail, or only a tail).</summary>
    private static long[] RandomDims(Random r, int minRank = 1)
    {
        var dims = new long[r.Next(minRank, 5)];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = i == dims.Length - 1 ? r.Next(1, 41) : r.Next(1, 10);
        }

        return dims;
    }

    /// <summary>A shape that broadcasts to <paramref name="dims"/>: a random suffix of it with random axes set to 1.</summary>
    private static long[] BroadcastDims(Random r, long[] dims)
    {
        var rank = r.Next(1, dims.Length + 1);
        return [.. dims[^rank..].Select(d => r.Next(3) == 0 ? 1 : d)];
    }

    /// <summary>An input of uniform random f32 values in [-2, 2) (the range <see cref="s_compiledTolerance"/> assumes).</summary>
    private static TensorData RandomTensor(Random random, Value p) => RandomTensors.Uniform(random, p, bound: 2f);
}
