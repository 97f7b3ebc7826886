using System.Collections.Immutable;

namespace Qc.Lowering;

/// <summary>Where every temp buffer lives in the one scratch arena: byte offsets (64-aligned) chosen by liveness over
/// the kernel schedule, so temps whose lifetimes do not overlap share memory.</summary>
/// <param name="Slots">One slot per temp buffer, in buffer order.</param>
/// <param name="ArenaBytes">The arena size, a multiple of 64.</param>
public sealed record MemoryPlan(ImmutableArray<ArenaSlot> Slots, long ArenaBytes)
{
    /// <summary>The alignment of every slot offset and of the arena size.</summary>
    public const int Alignment = 64;

    /// <summary>The sum of all temp sizes: the arena size if no memory were shared.</summary>
    public long TotalTempBytes => Slots.Sum(s => s.Bytes);

    /// <summary>The slot of a temp buffer, or null.</summary>
    public ArenaSlot? Find(string buffer) => Slots.FirstOrDefault(s => s.Buffer == buffer);
}

/// <summary>One temp buffer's place in the arena and its lifetime.</summary>
/// <param name="Buffer">The temp buffer's name.</param>
/// <param name="Offset">Byte offset in the arena, a multiple of 64.</param>
/// <param name="Bytes">Element count × element size.</param>
/// <param name="FirstKernel">Index in the schedule of the first kernel that uses the buffer.</param>
/// <param name="LastKernel">Index of the last kernel that uses it.</param>
public sealed record ArenaSlot(string Buffer, long Offset, long Bytes, int FirstKernel, int LastKernel)
{
    /// <summary>True when both are in use during some kernel.</summary>
    public bool LiveTogether(ArenaSlot other) => FirstKernel <= other.LastKernel && other.FirstKernel <= LastKernel;

    /// <summary>True when their byte ranges intersect.</summary>
    public bool Overlaps(ArenaSlot other) => Offset < other.Offset + other.Bytes && other.Offset < Offset + Bytes;
}
