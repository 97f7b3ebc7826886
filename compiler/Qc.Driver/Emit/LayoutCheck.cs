using Qc.Ir.Kernel;
using Qc.Lowering;

namespace Qc.Driver.Emit;

/// <summary>Invariants a package relies on, checked on every emit (a violation is a compiler bug, not a user mistake).</summary>
internal static class LayoutCheck
{
    /// <summary>Lowerings for different vector widths must agree on everything the manifest shares between targets:
    /// buffers (names, kinds, types, shapes, weight contents), kernel names and parameters, and the memory plan.</summary>
    /// <exception cref="InvalidOperationException">They differ.</exception>
    public static void Same(LoweringResult a, LoweringResult b)
    {
        var (ma, mb) = (a.Module!, b.Module!);
        var buffers = ma.Buffers.Count == mb.Buffers.Count && ma.Buffers.Zip(mb.Buffers).All(p =>
            p.First.Name == p.Second.Name && p.First.Kind == p.Second.Kind && p.First.ElementType == p.Second.ElementType
            && p.First.Shape.SequenceEqual(p.Second.Shape)
            && (p.First.Data is null ? p.Second.Data is null : p.Second.Data is not null && p.First.Data.Data.Span.SequenceEqual(p.Second.Data.Data.Span)));
        var kernels = ma.Kernels.Count == mb.Kernels.Count && ma.Kernels.Zip(mb.Kernels).All(p =>
            p.First.Name == p.Second.Name && p.First.Parameters.Select(x => x.Id).SequenceEqual(p.Second.Parameters.Select(x => x.Id)));
        var plan = a.MemoryPlan!.ArenaBytes == b.MemoryPlan!.ArenaBytes && a.MemoryPlan.Slots.SequenceEqual(b.MemoryPlan.Slots);
        if (!buffers || !kernels || !plan)
        {
            var first = ma.Buffers.Zip(mb.Buffers).FirstOrDefault(p => p.First.Name != p.Second.Name || !p.First.Shape.SequenceEqual(p.Second.Shape));
            var which = first.First is null ? "" : $" (first: '{first.First.Name}' [{string.Join(", ", first.First.Shape)}] vs '{first.Second.Name}' [{string.Join(", ", first.Second.Shape)}])";
            throw new InvalidOperationException($"lowerings of one model for different vector widths differ in their {(!buffers ? "buffers" + which : !kernels ? "kernels" : "memory plans")}: one package manifest cannot describe both");
        }
    }

    /// <summary>Generated code marks the buffers of one kernel <c>noalias</c> (specs/codegen.md): no two distinct
    /// arena buffers of one kernel's parameters may share a byte of the arena.</summary>
    /// <exception cref="InvalidOperationException">The memory plan overlaps two buffers of one kernel.</exception>
    public static void NoAliasing(KernelModule module, MemoryPlan plan)
    {
        foreach (var kernel in module.Kernels)
        {
            var slots = kernel.Parameters.Where(p => p.Kind == BufferKind.Temp).Distinct().Select(p => plan.Find(p.Name)!).ToList();
            for (var i = 0; i < slots.Count; i++)
            {
                for (var j = i + 1; j < slots.Count; j++)
                {
                    if (slots[i].Overlaps(slots[j]) && slots[i].Bytes > 0 && slots[j].Bytes > 0)
                    {
                        throw new InvalidOperationException($"the memory plan overlaps '{slots[i].Buffer}' and '{slots[j].Buffer}', both arguments of kernel '{kernel.Name}'");
                    }
                }
            }
        }
    }
}
