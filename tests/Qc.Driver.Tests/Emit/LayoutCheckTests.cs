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
