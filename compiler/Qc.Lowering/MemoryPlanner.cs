using System.Collections.Immutable;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Lowering;

/// <summary>Static memory planning: temp lifetimes from the kernel schedule, then greedy offset assignment.</summary>
/// <remarks>A temp is live from the first to the last kernel listing it as a parameter. Temps are placed largest first
/// (ties by buffer order) at the lowest 64-aligned offset where they overlap no placed temp that is live at the same time
/// (the "greedy by size" offset calculation of TFLite's arena planner). Deterministic: depends only on the module.</remarks>
public static class MemoryPlanner
{
    /// <summary>Plans the arena of <paramref name="module"/>'s temp buffers.</summary>
    public static MemoryPlan Plan(KernelModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var first = new Dictionary<KernelBuffer, int>();
        var last = new Dictionary<KernelBuffer, int>();
        for (var k = 0; k < module.Kernels.Count; k++)
        {
            foreach (var b in module.Kernels[k].Parameters)
            {
                if (b.Kind == BufferKind.Temp)
                {
                    first.TryAdd(b, k);
                    last[b] = k;
                }
            }
        }

        var temps = module.Buffers.Where(b => b.Kind == BufferKind.Temp).ToList();
        var order = temps.OrderByDescending(Bytes).ThenBy(b => b.Id).ToList();
        var placed = new List<ArenaSlot>();
        var slots = new Dictionary<KernelBuffer, ArenaSlot>();
        foreach (var b in order)
        {
            var slot = new ArenaSlot(b.Name, 0, Bytes(b), first.GetValueOrDefault(b, -1), last.GetValueOrDefault(b, -1));
            var conflicts = placed.Where(p => p.LiveTogether(slot)).OrderBy(p => p.Offset).ToList();
            long offset = 0;
            foreach (var c in conflicts)
            {
                if (offset + slot.Bytes <= c.Offset)
                {
                    break;
                }

                offset = Math.Max(offset, Align(c.Offset + c.Bytes));
            }

            slot = slot with { Offset = offset };
            placed.Add(slot);
            slots[b] = slot;
        }

        var arena = placed.Count == 0 ? 0 : Align(placed.Max(s => s.Offset + s.Bytes));
        return new MemoryPlan([.. temps.Select(b => slots[b])], arena);
    }

    /// <summary>The size of a buffer in bytes (bool: one byte per element).</summary>
    public static long Bytes(KernelBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return buffer.ElementType.ByteCount(buffer.ElementCount);
    }

    private static long Align(long bytes) => (bytes + MemoryPlan.Alignment - 1) / MemoryPlan.Alignment * MemoryPlan.Alignment;
}
