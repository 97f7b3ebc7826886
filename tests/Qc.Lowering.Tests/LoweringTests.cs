using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Optimization;
using static Qc.Lowering.Tests.TestGraph;

namespace Qc.Lowering.Tests;

/// <summary>The lowering driver: diagnostics, buffer mapping, the graph optimizations, the memory plan, determinism.</summary>
public sealed class LoweringTests
{
    private static readonly LoweringOptions s_vector = new(VectorWidth: 16);

    [Fact]
    public void EveryUnsupportedOpIsReportedAtOnceWithItsNode()
    {
        var g = new TestGraph();
        var x = g.Input("x", 3, 3);
        var module = g.Build(g.Op("Det", [x]), g.Op("Relu", [g.Op("Einsum", [x], Str("equation", "ij->ji"))]));
        var result = GraphLowering.Lower(module, LoweringOptions.Default);
        result.Module.ShouldBeNull();
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        errors.Select(d => d.Code.Number).ShouldBe([LoweringDiagnostics.UnsupportedOp, LoweringDiagnostics.UnsupportedOp]);
        errors[0].Message.ShouldContain("'Det'");
        errors[1].Message.ShouldContain("'Einsum'");
        errors.ShouldAllBe(d => d.Hint != null && d.Location is Core.Diagnostics.NodeLocation);
    }

    [Fact]
    public void SymbolicDimensionIsADiagnostic()
    {
        var module = new GraphModule("m");
        var x = module.Main.AddParameter("x", new TensorType(ElementType.F32, Dim.Sym("n"), 3));
        module.Main.SetOutputs([x]);
        var result = GraphLowering.Lower(module, LoweringOptions.Default);
        var error = result.Diagnostics.Single(d => d.IsError);
        error.Code.Number.ShouldBe(LoweringDiagnostics.NonStaticShape);
        error.Message.ShouldContain("'x'");
    }

    [Fact]
    public void UnsupportedFormNamesWhatIsWrong()
    {
        var g = new TestGraph();
        var x = g.Input("x", 1, 1, 4, 4);
        var module = g.Build(g.Op("Resize", [x, null, g.Const("s", TensorData.Create<float>([4], [1, 1, 2, 2]))], Str("mode", "cubic")));
        var error = GraphLowering.Lower(module, LoweringOptions.Default).Diagnostics.Single(d => d.IsError);
        error.Code.Number.ShouldBe(LoweringDiagnostics.UnsupportedForm);
        error.Message.ShouldContain("cubic");
    }

    [Fact]
    public void BatchNormFoldsIntoTheConvAndActivationsFuseIntoOneKernel()
    {
        var (module, _) = ConvBnRelu();
        var fused = GraphLowering.Lower(module, s_vector);
        fused.Statistics.FoldedBatchNorms.ShouldBe(1);
        fused.Statistics.FusedOps.ShouldBe(1);
        fused.Module!.Kernels.Count.ShouldBe(1);
        var plain = GraphLowering.Lower(module, s_vector with { FoldBatchNorm = false, FuseEpilogues = false });
        plain.Module!.Kernels.Count.ShouldBe(3);
        var input = Inputs(module);
        var a = KernelInterpreter.Run(fused.Module, input).Outputs.Values.Single();
        var b = KernelInterpreter.Run(plain.Module, input).Outputs.Values.Single();
        Compare.Mismatch(a, b).ShouldBeNull();
    }

    [Fact]
    public void ConstantSubgraphsAndShapesFoldBeforeLowering()
    {
        var g = new TestGraph();
        var x = g.Input("x", 2, 3, 4);
        var shape = g.Op("Shape", [x]);
        var head = g.Op("Slice", [shape, g.Ints("s", 0), g.Ints("e", 1)]);
        var target = g.Op("Concat", [head, g.Ints("rest", -1)], Int("axis", 0));
        var flat = g.Op("Reshape", [x, target]);
        var scale = g.Op("Mul", [g.Const("a", TensorData.Scalar(2f)), g.Const("b", TensorData.Scalar(3f))]);
        var module = g.Build(g.Op("Mul", [flat, scale]));
        var result = GraphLowering.Lower(module, LoweringOptions.Default);
        result.Statistics.FoldedOps.ShouldBe(4);
        result.Module!.Kernels.Count.ShouldBe(1);
        var weight = result.Module.Buffers.Single(b => b.Kind == BufferKind.Weight);
        weight.Data!.ToArray<float>().ShouldBe([6f]);
        var run = KernelInterpreter.Run(result.Module, Inputs(module));
        run.Outputs.Values.Single().Dims.ShouldBe([2L, 12L]);
    }

    [Fact]
    public void DeadOpsAreRemovedAndReshapesAreViews()
    {
        var g = new TestGraph();
        var x = g.Input("x", 4, 6);
        _ = g.Op("Exp", [x]);
        var r = g.Op("Relu", [x]);
        var module = g.Build(g.Op("Reshape", [r, g.Ints("shape", 24)]));
        var result = GraphLowering.Lower(module, LoweringOptions.Default with { FuseEpilogues = false });
        result.Statistics.RemovedOps.ShouldBe(1);
        result.Statistics.Aliases.ShouldBe(1);
        result.Module!.Kernels.Count.ShouldBe(1);
        result.Module.Buffers.Count(b => b.Kind == BufferKind.Temp).ShouldBe(0, "Relu writes the output buffer the Reshape views");
    }

    [Fact]
    public void OutputsThatAreInputsOrConstantsAreCopied()
    {
        var g = new TestGraph();
        var x = g.Input("x", 3, 5);
        var c = g.Weight("w", 2);
        var module = g.Build(x, c);
        var result = GraphLowering.Lower(module, s_vector);
        result.Module!.Kernels.Count.ShouldBe(2);
        var input = Inputs(module);
        var run = KernelInterpreter.Run(result.Module, input);
        run.Outputs.Count.ShouldBe(2);
        run.Outputs.Values.First(t => t.ElementCount == 15).ToArray<float>().ShouldBe(input["x"].ToArray<float>());
    }

    [Fact]
    public void MemoryPlanSharesTheArenaBetweenTempsThatAreNotLiveTogether()
    {
        var g = new TestGraph();
        var v = g.Input("x", 8, 64);
        for (var i = 0; i < 8; i++)
        {
            v = g.Op(i % 2 == 0 ? "Relu" : "Neg", [v]);
        }

        var module = g.Build(v);
        var result = GraphLowering.Lower(module, LoweringOptions.Default with { FuseEpilogues = false });
        var plan = result.MemoryPlan!;
        plan.Slots.Length.ShouldBe(7);
        plan.TotalTempBytes.ShouldBe(7 * 8 * 64 * 4);
        plan.ArenaBytes.ShouldBe(2 * 8 * 64 * 4);
        foreach (var a in plan.Slots)
        {
            (a.Offset % MemoryPlan.Alignment).ShouldBe(0);
            (a.Offset + a.Bytes).ShouldBeLessThanOrEqualTo(plan.ArenaBytes);
            foreach (var b in plan.Slots.Where(b => b != a && b.LiveTogether(a)))
            {
                a.Overlaps(b).ShouldBeFalse($"{a.Buffer} and {b.Buffer} are live together");
            }
        }
    }

    [Fact]
    public void OutputIsDeterministicAndUsesTheVectorWidth()
    {
        var (module, _) = ConvBnRelu();
        var a = GraphLowering.Lower(module, s_vector).Module!.Print(new KernelPrintOptions(PrintWeights: true));
        var b = GraphLowering.Lower(module, s_vector).Module!.Print(new KernelPrintOptions(PrintWeights: true));
        a.ShouldBe(b);
        a.ShouldContain("vector<16xf32>");
        a.ShouldNotContain("parallel"); // a few thousand operations: below the grain size, the kernel runs inline
        GraphLowering.Lower(module, s_vector with { ParallelMinWork = 0 }).Module!.Print().ShouldContain("parallel");
        GraphLowering.Lower(module, LoweringOptions.Default).Module!.Print().ShouldNotContain("vector<");
    }

    [Fact]
    public void StridedConvolutionsAreVectorizedThroughPhaseSplitting()
    {
        var g = new TestGraph();
        var x = g.Input("x", 1, 3, 8, 40);
        // Grouped (here depthwise) convolutions keep the direct strategy; dense ones are matrix products (GemmTileTests).
        var module = g.Build(g.Op("Conv", [x, g.Weight("w", 3, 1, 3, 3), null], Int("group", 3), IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1)));
        var kernels = GraphLowering.Lower(module, s_vector).Module!;
        kernels.Buffers.Single(b => b.Kind == BufferKind.Temp).Shape.ShouldBe([1L, 3, 10, 2, 21]);
        var conv = kernels.Kernels[^1].ToString();
        conv.ShouldContain("kernel.vload");
        conv.ShouldContain("kernel.fma");
        if (Environment.GetEnvironmentVariable("QC_PRINT_SAMPLE") == "1")
        {
            Console.Error.WriteLine(kernels.Print());
        }
    }

    [Fact]
    public void AConstantOpThatFaultsIsComputedAtRunTimeWithAWarning()
    {
        var g = new TestGraph();
        var x = g.Input("x", ElementType.I32, 2);
        var q = g.Op("Div", [g.Const("one", TensorData.Create<int>([2], [1, 2])), g.Const("zero", TensorData.Create<int>([2], [1, 0]))]);
        var module = g.Build(g.Op("Add", [x, q]));
        var result = GraphLowering.Lower(module, LoweringOptions.Default);
        var warning = result.Diagnostics.Single();
        warning.Code.Number.ShouldBe(LoweringDiagnostics.FoldingFailed);
        warning.IsError.ShouldBeFalse();
        result.Statistics.FoldedOps.ShouldBe(0);
        result.Module!.Print().ShouldContain("kernel.div");
    }

    [Theory]
    [InlineData(512, 16)]
    [InlineData(256, 8)]
    [InlineData(128, 4)]
    [InlineData(0, 1)]
    public void VectorWidthFollowsTheTargetsRegisterSize(int bits, int lanes) =>
        LoweringOptions.ForVectorBits(bits).VectorWidth.ShouldBe(lanes);

    [Fact]
    public void ABadVectorWidthIsAProgrammingError() =>
        Should.Throw<ArgumentOutOfRangeException>(() => GraphLowering.Lower(new GraphModule("m"), new LoweringOptions(VectorWidth: 3)));

    [Fact]
    public void GrainSize_CountsLoadsStoresAndDataOps_OfTheWholeLoopNest()
    {
        var m = new KernelModule();
        var x = m.AddInput("x", ElementType.F32, [80]);
        var y = m.AddOutput("y", ElementType.F32, [80]);
        var b = new KernelBuilder(m.AddKernel("k", x, y));
        var outer = b.For(0, 10, 1, i => b.For(0, 8, 1, j =>
        {
            var at = b.Add(b.Mul(i, 8), j); // index arithmetic: free
            b.Store(y, at, b.Add(b.Load(x, at), b.Load(x, at))); // 2 loads, 1 add, 1 store
        }), parallel: true);
        var empty = b.For(5, 5, 1, i => b.Store(y, i, b.Load(x, i)), parallel: true);
        ParallelGrain.Work(outer).ShouldBe(10 * 8 * 4);
        ParallelGrain.Work(empty).ShouldBe(0);

        ParallelGrain.Run(m, 10 * 8 * 4).ShouldBe(1); // only the empty loop is below the grain
        outer.Parallel.ShouldBeTrue();
        empty.Parallel.ShouldBeFalse();
        ParallelGrain.Run(m, (10 * 8 * 4) + 1).ShouldBe(1);
        outer.Parallel.ShouldBeFalse();
    }

    [Theory]
    [InlineData(16, false)] // 65536 elements: 4096 vectors x (2 loads, add, store) = 16384 < 131072
    [InlineData(256, true)] // 1048576 elements: 262144 >= 131072
    public void GrainSize_KeepsOnlyLoopsWorthADispatchParallel(int channels, bool parallel)
    {
        var g = new TestGraph();
        var a = g.Input("a", 1, channels, 64, 64);
        var c = g.Input("c", 1, channels, 64, 64);
        var module = g.Build(g.Op("Add", [a, c]));
        var kernel = GraphLowering.Lower(module, s_vector).Module!.Kernels.Single();
        kernel.Body.Statements.OfType<ForOp>().First().Parallel.ShouldBe(parallel);
        GraphLowering.Lower(module, s_vector with { ParallelMinWork = 0 }).Module!.Kernels.Single()
            .Body.Statements.OfType<ForOp>().First().Parallel.ShouldBeTrue();
        LoweringOptions.Default.ParallelMinWork.ShouldBe(LoweringOptions.DefaultParallelMinWork);
    }

    private static (GraphModule Module, Value Output) ConvBnRelu()
    {
        var g = new TestGraph();
        var x = g.Input("x", 1, 3, 9, 37);
        var y = g.Op("Conv", [x, g.Weight("w", 8, 3, 1, 1), g.Weight("b", 8)]);
        var var = g.Const("var", TensorData.Create<float>([8], [.. Enumerable.Range(1, 8).Select(i => i * 0.25f)]));
        y = g.Op("BatchNormalization", [y, g.Weight("scale", 8), g.Weight("shift", 8), g.Weight("mean", 8), var], Float("epsilon", 1e-5f));
        var output = g.Op("Relu", [y]);
        var module = g.Build(output);
        return (module, output);
    }

    private static Dictionary<string, TensorData> Inputs(GraphModule module)
    {
        var random = new Random(3);
        return module.Main.Parameters.ToDictionary(p => p.Name, p =>
        {
            var dims = p.TensorType!.StaticDims!;
            return TensorData.Create<float>(dims, [.. Enumerable.Range(0, (int)TensorData.ElementCountOf(dims)).Select(_ => random.NextSingle() - 0.5f)]);
        }, StringComparer.Ordinal);
    }
}
