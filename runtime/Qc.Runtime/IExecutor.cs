namespace Qc.Runtime;

/// <summary>Runs one target's kernel schedule.</summary>
internal interface IExecutor : IDisposable
{
    /// <summary>Runs every kernel in order. <paramref name="pointers"/> holds, by buffer id, the host addresses of the
    /// input and output buffers (other entries are ignored); <paramref name="kernelTicks"/>, when given, receives each
    /// kernel's elapsed <see cref="System.Diagnostics.Stopwatch"/> ticks (added).</summary>
    void Run(IntPtr[] pointers, long[]? kernelTicks);
}
