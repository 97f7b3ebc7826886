using System.Runtime.InteropServices;

namespace Qc.Runtime;

/// <summary>The runtime's own worker threads behind the ABI's <c>parallel_for</c>: <c>[0, count)</c> is split into
/// <c>min(threads, count)</c> contiguous chunks, chunk <c>i</c> = <c>[i·count/n, (i+1)·count/n)</c>; the calling thread runs
/// chunk 0, worker <c>i</c> runs chunk <c>i</c>, and the call returns when all are done.</summary>
/// <remarks>The chunking depends only on count and the thread count, so results are deterministic. A <c>parallel_for</c>
/// from inside a body (nested) or from a thread other than the one running the model runs inline as one chunk. One pool
/// serves one model; <see cref="QcModel"/> serialises its runs.</remarks>
internal sealed unsafe class QcThreadPool : IDisposable
{
    [ThreadStatic]
    private static bool t_inBody;

    private readonly Thread[] _workers;
    private readonly SemaphoreSlim[] _wake;
    private readonly ManualResetEventSlim _done = new(false);
    private GCHandle _self;
    private volatile bool _stopping;
    private int _pending;

    // The job being run (written by the caller before waking workers; read by them after the wake).
    private delegate* unmanaged<IntPtr, long, long, void> _body;
    private IntPtr _context;
    private long _count;
    private int _chunks;

    public QcThreadPool(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        }

        Threads = threads;
        _self = GCHandle.Alloc(this, GCHandleType.Normal);
        _workers = new Thread[threads - 1];
        _wake = new SemaphoreSlim[threads - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            var index = i + 1;
            _wake[i] = new SemaphoreSlim(0);
            _workers[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"qc-worker-{index}" };
            _workers[i].Start();
        }
    }

    /// <summary>The number of threads, the caller included.</summary>
    public int Threads { get; }

    /// <summary>The <c>pool</c> pointer handed to kernels in <c>qc_rt</c>.</summary>
    public IntPtr Handle => GCHandle.ToIntPtr(_self);

    /// <summary>The <c>parallel_for</c> function pointer handed to kernels in <c>qc_rt</c>.</summary>
    public static IntPtr ParallelForPointer => (IntPtr)(delegate* unmanaged<IntPtr, long, IntPtr, IntPtr, void>)&ParallelFor;

    /// <summary>The chunk boundaries: chunk <paramref name="index"/> of <paramref name="chunks"/> over <c>[0, count)</c>.</summary>
    public static (long Begin, long End) Chunk(long count, int chunks, int index) =>
        (Split(count, chunks, index), Split(count, chunks, index + 1));

    private static long Split(long count, int chunks, int index) => (long)((Int128)count * index / chunks);

    [UnmanagedCallersOnly]
    private static void ParallelFor(IntPtr pool, long count, IntPtr body, IntPtr context)
    {
        var fn = (delegate* unmanaged<IntPtr, long, long, void>)body;
        if (count <= 0)
        {
            return;
        }

        var self = pool == IntPtr.Zero ? null : GCHandle.FromIntPtr(pool).Target as QcThreadPool;
        if (self is null || self.Threads == 1 || count == 1 || t_inBody || !Monitor.IsEntered(self))
        {
            RunInline(fn, context, 0, count);
            return;
        }

        self.Run(fn, context, count);
    }

    /// <summary>Enters the pool for one model run on this thread (parallel_for only fans out for its owner).</summary>
    public void Enter() => Monitor.Enter(this);

    /// <summary>Leaves the pool after a run.</summary>
    public void Exit() => Monitor.Exit(this);

    private static void RunInline(delegate* unmanaged<IntPtr, long, long, void> fn, IntPtr context, long begin, long end)
    {
        var outer = t_inBody;
        t_inBody = true;
        try
        {
            fn(context, begin, end);
        }
        finally
        {
            t_inBody = outer;
        }
    }

    private void Run(delegate* unmanaged<IntPtr, long, long, void> fn, IntPtr context, long count)
    {
        var chunks = (int)Math.Min(Threads, count);
        _body = fn;
        _context = context;
        _count = count;
        _chunks = chunks;
        _done.Reset();
        Volatile.Write(ref _pending, chunks - 1);
        for (var i = 1; i < chunks; i++)
        {
            _wake[i - 1].Release();
        }

        var (begin, end) = Chunk(count, chunks, 0);
        RunInline(fn, context, begin, end);
        _done.Wait();
    }

    private void WorkerLoop(int index)
    {
        t_inBody = true;
        var wake = _wake[index - 1];
        while (true)
        {
            wake.Wait();
            if (_stopping)
            {
                return;
            }

            var (begin, end) = Chunk(_count, _chunks, index);
            _body(_context, begin, end);
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.Set();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        foreach (var w in _wake)
        {
            w.Release();
        }

        foreach (var t in _workers)
        {
            t.Join();
        }

        foreach (var w in _wake)
        {
            w.Dispose();
        }

        _done.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
