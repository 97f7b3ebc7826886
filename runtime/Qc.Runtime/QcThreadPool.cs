using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Qc.Runtime;

/// <summary>The runtime's own worker threads behind the ABI's <c>parallel_for</c>: <c>[0, count)</c> is split into
/// n = <c>min(count, </c><see cref="ChunksPerThread"/><c>·threads)</c> contiguous chunks, chunk <c>i</c> =
/// <c>[i·count/n, (i+1)·count/n)</c>; the calling thread runs chunk 0, then every thread claims the next unclaimed chunk
/// until none is left, and the call returns when all are done.</summary>
/// <remarks>
/// <para>The chunking depends only on count and the thread count, so results are deterministic. A <c>parallel_for</c>
/// from inside a body (nested) or from a thread other than the one running the model runs inline as one chunk. One pool
/// serves one model; <see cref="QcModel"/> serialises its runs.</para>
/// <para>Dispatch is built for kernels of a few microseconds: a call publishes the job in fields and then one 64-bit word
/// (generation, chunk count, next unclaimed chunk), and chunks are claimed by compare-exchange on that word, so which
/// thread runs a chunk never changes what it computes. Workers spin on the word for up to <see cref="SpinTicks"/> after
/// their last job (<see cref="SpinWait"/>, which yields the core to other threads as it goes) before they block on a
/// monitor, and the caller spins the same way on the count of unfinished chunks before it blocks. Because the caller
/// takes the chunks no worker has started and there are several chunks per thread, a worker that is slow to get a core or
/// is preempted mid-job (a loaded machine) holds up at most one small chunk. A call
/// allocates nothing and only signals a monitor when a thread is actually asleep.</para>
/// </remarks>
internal sealed unsafe class QcThreadPool : IDisposable
{
    /// <summary>How long a worker (or the waiting caller) spins before it blocks: 200 µs covers the gap between the
    /// parallel loops of consecutive kernels and of back-to-back runs, while an idle model stops using the cores at once.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000;

    [ThreadStatic]
    private static bool t_inBody;

    private readonly Thread[] _workers;
    private readonly object _sleep = new();
    private readonly object _finish = new();
    private GCHandle _self;
    private int _disposed;

    // The job being run: the fields are written by the caller before it publishes _job, and stay fixed until every
    // worker that takes part has decremented _pending.
    private delegate* unmanaged<IntPtr, long, long, void> _body;
    private IntPtr _context;
    private long _count;

    /// <summary>(generation &lt;&lt; 32) | (chunks &lt;&lt; 16) | next unclaimed chunk; chunks 0 with a new generation
    /// means stop.</summary>
    private long _job;
    private int _pending;
    private int _sleepers;
    private int _callerWaiting;

    public QcThreadPool(int threads)
    {
        if (threads is < 1 or > MaxThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"from 1 to {MaxThreads} threads");
        }

        Threads = threads;
        _self = GCHandle.Alloc(this, GCHandleType.Normal);
        _workers = new Thread[threads - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            var index = i + 1;
            _workers[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"qc-worker-{index}" };
            _workers[i].Start();
        }
    }

    /// <summary>The most threads a pool takes (chunk numbers are 16 bits of the job word).</summary>
    public const int MaxThreads = 0xFFFF / ChunksPerThread;

    /// <summary>Chunks per thread of a <c>parallel_for</c>: more than one, so a preempted thread delays little work;
    /// few, so each thread's work stays in long contiguous runs.</summary>
    public const int ChunksPerThread = 4;

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
        var chunks = (int)Math.Min((long)Threads * ChunksPerThread, count);
        _body = fn;
        _context = context;
        _count = count;
        Volatile.Write(ref _pending, chunks - 1);
        var generation = Publish(chunks);

        var (begin, end) = Chunk(count, chunks, 0);
        RunInline(fn, context, begin, end);
        while (TryClaim(generation, out var chunk, out _))
        {
            (begin, end) = Chunk(count, chunks, chunk);
            RunInline(fn, context, begin, end);
            Interlocked.Decrement(ref _pending);
        }

        WaitForWorkers();
    }

    /// <summary>Claims the next unclaimed chunk of <paramref name="generation"/>'s job, if any is left.</summary>
    private bool TryClaim(long generation, out int chunk, out int chunks)
    {
        while (true)
        {
            var job = Volatile.Read(ref _job);
            chunks = (int)((job >> 16) & 0xFFFF);
            chunk = (int)(job & 0xFFFF);
            if (job >>> 32 != generation || chunk >= chunks)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _job, job + 1, job) == job)
            {
                return true;
            }
        }
    }

    /// <summary>Starts a new generation (a job of <paramref name="chunks"/> chunks whose chunk 0 the caller runs, or stop
    /// when 0), wakes sleepers, and returns the generation.</summary>
    private long Publish(int chunks)
    {
        var generation = ((Volatile.Read(ref _job) >>> 32) + 1) & 0xFFFF_FFFF;
        Interlocked.Exchange(ref _job, (generation << 32) | ((long)chunks << 16) | 1); // a full fence before reading _sleepers
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_sleep)
            {
                Monitor.PulseAll(_sleep);
            }
        }

        return generation;
    }

    private void WaitForWorkers()
    {
        if (Volatile.Read(ref _pending) == 0)
        {
            return;
        }

        var spin = default(SpinWait);
        var deadline = Stopwatch.GetTimestamp() + SpinTicks;
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (_finish)
                {
                    Interlocked.Exchange(ref _callerWaiting, 1); // a full fence before reading _pending
                    while (Volatile.Read(ref _pending) != 0)
                    {
                        Monitor.Wait(_finish);
                    }

                    Volatile.Write(ref _callerWaiting, 0);
                }

                return;
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void WorkerLoop(int index)
    {
        t_inBody = true;
        long seen = 0; // generation 0 is the idle state before the first job (a worker may start after that job)
        while (true)
        {
            var job = AwaitJob(seen);
            seen = job >>> 32;
            if (((job >> 16) & 0xFFFF) == 0)
            {
                return;
            }

            while (TryClaim(seen, out var chunk, out var chunks))
            {
                // The job's fields stay fixed until this claimed chunk is counted off _pending.
                var (begin, end) = Chunk(_count, chunks, chunk);
                _body(_context, begin, end);
                if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _callerWaiting) != 0)
                {
                    lock (_finish)
                    {
                        Monitor.PulseAll(_finish);
                    }
                }
            }
        }
    }

    /// <summary>Spins (bounded) and then sleeps until the generation of <see cref="_job"/> differs from
    /// <paramref name="seen"/>; returns the job word.</summary>
    private long AwaitJob(long seen)
    {
        var spin = default(SpinWait);
        var deadline = Stopwatch.GetTimestamp() + SpinTicks;
        long job;
        while ((job = Volatile.Read(ref _job)) >>> 32 == seen)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (_sleep)
                {
                    Interlocked.Increment(ref _sleepers); // a full fence before reading _job
                    while ((job = Volatile.Read(ref _job)) >>> 32 == seen)
                    {
                        Monitor.Wait(_sleep);
                    }

                    Interlocked.Decrement(ref _sleepers);
                }

                return job;
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        return job;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Publish(0);
        foreach (var t in _workers)
        {
            t.Join();
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
