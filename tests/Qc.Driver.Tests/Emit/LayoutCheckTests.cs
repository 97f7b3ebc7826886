using Qc.Core.Tensors;
using Qc.Driver.Emit;
using Qc.Ir.Kernel;
using Qc.Lowering;

namespace Qc.Driver.Tests.Emit;

/// <summary>The invariants every emit checks: arena buffers of one kernel never overlap (code generation marks them
/// <c>noalias</c>), and lowerings for different vector widths share one layout.</summary>
public sealed class LayoutCheckTests
{
    private static KernelModule TwoTemps()
    {
        var m = new KernelModule("m");
        var x = m.AddInput("x", ElementType.F32, [16]);
        var a = m.AddTemp("a", ElementType.F32, [16]);
        var b = m.AddTemp("b", ElementType.F32, [16]);
        var y = m.AddOutput("y", ElementType.F32, [16]);
        var k0 = new KernelBuilder(m.AddKernel("k0", x, a));
        k0.For(0, 16, 1, i => k0.Store(a, i, k0.Load(x, i)));
        var k1 = new KernelBuilder(m.AddKernel("k1", a, b));
        k1.For(0, 16, 1, i => k1.Store(b, i, k1.Load(a, i)));
        var k2 = new KernelBuilder(m.AddKernel("k2", b, y));
        k2.For(0, 16, 1, i => k2.Store(y, i, k2.Load(b, i)));
        return m;
    }

    [Fact]
    public void NoAliasing_AcceptsThePlannersPlan_AndRejectsOverlapWithinAKernel()
    {
        var m = TwoTemps();
        var plan = MemoryPlanner.Plan(m);
        Should.NotThrow(() => LayoutCheck.NoAliasing(m, plan));
        var overlapping = plan with { Slots = [.. plan.Slots.Select(s => s with { Offset = 0 })] };
        Should.Throw<InvalidOperationException>(() => LayoutCheck.NoAliasing(m, overlapping)).Message.ShouldContain("kernel 'k1'");
    }

    /// <summary>One package holds code for CPUs of several vector widths and for GPUs (width 1, every loop parallel, rows
    /// split per GPU thread), so the real models must lower to one layout for all of them.</summary>
    [Theory]
    [InlineData("tests/fixtures/fashion-mnist/fashion_cnn.onnx", "input=1x1x28x28")]
    [InlineData("tests/fixtures/fashion-mnist/fashion_vit.onnx", "input=1x1x28x28")]
    [InlineData(TestEnvironment.ClsModel, "x=1x3x48x192")]
    [InlineData(TestEnvironment.DetModel, "x=1x3x640x640")]
    public void RealModels_LowerToOneLayout_ForEveryVectorWidthAndGpus(string model, string pin)
    {
        TestEnvironment.Require(model);
        var import = Qc.Driver.ModelImport.Run(TestEnvironment.Resolve(model), [pin]);
        import.Success.ShouldBeTrue();
        LoweringResult Lower(LoweringOptions options)
        {
            var result = GraphLowering.Lower(import.Module!, options);
            result.Succeeded.ShouldBeTrue(string.Join("\n", result.Diagnostics));
            return result;
        }

        var gpu = Lower(new LoweringOptions(VectorWidth: 1, ParallelMinWork: 0, ParallelIterations: LoweringOptions.GpuParallelIterations));
        foreach (var width in new[] { 4, 8, 16 })
        {
            Should.NotThrow(() => LayoutCheck.Same(gpu, Lower(new LoweringOptions(VectorWidth: width))), $"width {width}");
        }
    }

    [Fact]
    public void Same_RejectsDifferentMemoryPlans()
    {
        var m = TwoTemps();
        var plan = MemoryPlanner.Plan(m);
        var a = new LoweringResult(m, plan, [], LoweringStatistics.Empty);
        Should.NotThrow(() => LayoutCheck.Same(a, a));
        var b = a with { MemoryPlan = plan with { ArenaBytes = plan.ArenaBytes + 64 } };
        Should.Throw<InvalidOperationException>(() => LayoutCheck.Same(a, b)).Message.ShouldContain("memory plans");
    }
}
