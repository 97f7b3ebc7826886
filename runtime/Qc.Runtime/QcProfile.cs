using System.Diagnostics;

namespace Qc.Runtime;

/// <summary>Time spent in one kernel of the schedule, aggregated over runs.</summary>
/// <param name="Index">The kernel's position in the schedule.</param>
/// <param name="Name">The kernel's name from the manifest.</param>
/// <param name="Symbol">Its symbol.</param>
/// <param name="Calls">How many times it ran.</param>
/// <param name="Total">The total time over those calls.</param>
public sealed record QcKernelProfile(int Index, string Name, string Symbol, long Calls, TimeSpan Total)
{
    /// <summary>The mean time per call.</summary>
    public TimeSpan Mean => Calls == 0 ? TimeSpan.Zero : Total / Calls;
}

/// <summary>A snapshot of a model's per-kernel profile (<see cref="QcOptions.Profile"/>).</summary>
/// <param name="Runs">The runs profiled.</param>
/// <param name="Kernels">Per kernel, in schedule order.</param>
public sealed record QcProfile(long Runs, IReadOnlyList<QcKernelProfile> Kernels)
{
    /// <summary>The time of all kernels together.</summary>
    public TimeSpan Total => Kernels.Aggregate(TimeSpan.Zero, (t, k) => t + k.Total);

    internal static TimeSpan Ticks(long stopwatchTicks) => TimeSpan.FromTicks((long)(stopwatchTicks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
}
