using Qc.Codegen;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using static Qc.Lowering.Tests.TestGraph;

namespace Qc.Lowering.Tests;

/// <summary>The register-blocked matrix-product tiles (Ops/GemmTiles) of dense Conv, Gemm and MatMul on sizes that
/// exercise every tail: row counts with a remainder tile (13 = 6 + 6 + 1, 7, 1), column counts with a partial block,
/// leftover whole vectors and an overlapped last vector (37, 63, 9 → 8 lanes, 1 → scalar). Interpreted at vector widths
/// 1, 8 and 16 and compiled for the host, compared with ONNX Runtime.</summary>
public sealed class GemmTileTests
{
    private static readonly Dictionary<string, Func<TestGraph, Value>> s_cases = new(StringComparer.Ordinal)
    {
        ["conv3x3_pad_13ch_7x9"] = g => g.Op("Conv", [g.Input("x", 2, 5, 7, 9), g.Weight("w", 13, 5, 3, 3), g.Weight("b", 13)], IntList("pads", 1, 1, 1, 1)),
        ["conv3x3_s2_asympad_7ch"] = g => g.Op("Conv", [g.Input("x", 1, 3, 11, 37), g.Weight("w", 7, 3, 3, 3), null],
            IntList("strides", 2, 2), IntList("pads", 1, 0, 0, 2)),
        ["conv5x3_dil2_s3x1"] = g => g.Op("Relu", [g.Op("Conv", [g.Input("x", 1, 4, 17, 21), g.Weight("w", 9, 4, 5, 3), g.Weight("b", 9)],
            IntList("dilations", 2, 2), IntList("strides", 3, 1), IntList("pads", 2, 1, 1, 1))]),
        ["conv1x1_14ch_3x3"] = g => g.Op("Conv", [g.Input("x", 1, 6, 3, 3), g.Weight("w", 14, 6, 1, 1), g.Weight("b", 14)]),
        ["conv3x1_nopad"] = g => g.Op("Conv", [g.Input("x", 1, 3, 9, 20), g.Weight("w", 16, 3, 3, 1), null]),
        ["conv_1x1_output"] = g => g.Op("Conv", [g.Input("x", 1, 8, 3, 3), g.Weight("w", 5, 8, 3, 3), g.Weight("b", 5)]),
        ["conv1d_residual"] = g =>
        {
            var x = g.Input("x", 1, 6, 50);
            return g.Op("Add", [g.Op("Conv", [x, g.Weight("w", 6, 6, 3), g.Weight("b", 6)], IntList("pads", 1, 1)), x]);
        },
        ["conv_weights_input"] = g => g.Op("Conv", [g.Input("x", 1, 3, 6, 18), g.Input("w", 10, 3, 3, 3), null], IntList("pads", 1, 1, 1, 1)),
        ["matmul_13x37x11"] = g => g.Op("MatMul", [g.Input("a", 13, 11), g.Weight("b", 11, 37)]),
        ["matmul_batched_broadcast_7x63"] = g => g.Op("MatMul", [g.Input("a", 2, 3, 7, 5), g.Input("b", 3, 5, 63)]),
        ["matmul_vector_1x9"] = g => g.Op("MatMul", [g.Input("a", 20), g.Weight("b", 20, 9)]),
        ["matmul_matrix_vector"] = g => g.Op("MatMul", [g.Input("a", 6, 20), g.Weight("b", 20)]),
        ["gemm_transA_alpha_beta_rowbias"] = g => g.Op("Gemm", [g.Input("a", 9, 5), g.Weight("b", 9, 40), g.Weight("c", 5, 1)],
            Int("transA", 1), Float("alpha", 0.5f), Float("beta", 2f)),
        ["gemm_transB_colbias_sigmoid"] = g => g.Op("Sigmoid", [g.Op("Gemm", [g.Input("a", 1, 33), g.Weight("b", 19, 33), g.Weight("c", 19)], Int("transB", 1))]),
    };

    public static TheoryData<string> Cases() => [.. s_cases.Keys];

    [OrtTheory]
    [MemberData(nameof(Cases))]
    public void TiledProductsMatchOnnxRuntime(string name)
    {
        TestEnvironment.RequireOrt();
        var g = new TestGraph(3);
        var module = g.Build(s_cases[name](g));
        var random = new Random(name.Length);
        var inputs = module.Main.Parameters.ToDictionary(p => p.Name, p => RandomTensors.Uniform(random, p), StringComparer.Ordinal);
        using var session = OrtSession.Open(OnnxExporter.Export(module).ToBytes());
        var expected = session.Run(inputs);
        var outName = module.Main.Outputs[0].Name;
        foreach (var width in new[] { 1, 8, 16 })
        {
            var lowered = GraphLowering.Lower(module, new LoweringOptions(VectorWidth: width));
            lowered.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
            var run = KernelInterpreter.Run(lowered.Module!, inputs);
            run.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
            Compare.Mismatch(run.Outputs[outName], expected[outName]).ShouldBeNull($"{name} width {width} interpreted");
        }

        var targetName = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "x86_64-linux-gnu:znver4" : "x86_64-linux-gnu:x86-64-v3";
        TargetName.TryParse(targetName, out var tn, out _).ShouldBeTrue();
        var target = tn!.ToDescriptor();
        var native = GraphLowering.Lower(module, LoweringOptions.ForVectorBits(target.VectorBits)).Module!;
        using var kernels = new NativeKernels(native, target, inputs);
        kernels.Run();
        Compare.Mismatch(kernels.Output(outName), expected[outName]).ShouldBeNull($"{name} {targetName} compiled");
    }

    [Fact]
    public void DenseConvolutionsReadAnExpandedInputAndPackedWeights()
    {
        var g = new TestGraph();
        var module = g.Build(g.Op("Conv", [g.Input("x", 1, 3, 8, 40), g.Weight("w", 13, 3, 3, 3), null], IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1)));
        var kernels = GraphLowering.Lower(module, new LoweringOptions(VectorWidth: 16)).Module!;

        // [N, C, KW, SH, hq, OW]: padded height 10 in 2 row phases of 5, 20 output columns.
        kernels.Buffers.Single(b => b.Kind == BufferKind.Temp).Shape.ShouldBe([1L, 3, 3, 2, 5, 20]);
        var packed = kernels.Buffers.Single(b => b.Kind == BufferKind.Weight && b.Name.EndsWith("_packed", StringComparison.Ordinal));
        packed.ElementCount.ShouldBe(13 * 27);

        // Rows 0-5 of the weights, element k of row r at 27·0 + 6·k + r; the remainder row 12 at 12·27 + k.
        var w = module.Constants.Single().Data!.AsSpan<float>();
        var p = packed.Data!.AsSpan<float>();
        p[(6 * 4) + 5].ShouldBe(w[(5 * 27) + 4]);
        p[(12 * 27) + 26].ShouldBe(w[(12 * 27) + 26]);
        kernels.Kernels[^1].ToString().ShouldContain("vector<16xf32>");
    }

    [Fact]
    public void PointwiseConvolutionsReadTheInputInPlace()
    {
        var g = new TestGraph();
        var module = g.Build(g.Op("Conv", [g.Input("x", 1, 8, 5, 7), g.Weight("w", 16, 8, 1, 1), null]));
        var kernels = GraphLowering.Lower(module, new LoweringOptions(VectorWidth: 16)).Module!;
        kernels.Buffers.ShouldNotContain(b => b.Kind == BufferKind.Temp);
        kernels.Kernels.Count.ShouldBe(1);
    }
}
