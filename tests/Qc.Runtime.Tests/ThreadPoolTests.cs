using System.Runtime.InteropServices;
using Shouldly;

namespace Qc.Runtime.Tests;

/// <summary>The ABI's parallel_for, called through its function pointer exactly as native code does, with C# bodies.</summary>
public sealed unsafe class ThreadPoolTests
{
    /// <summary>Context for <see cref="Record"/>: per element, the chunk begin and the managed thread id.</summary>
    private struct Recording
    {
        public long* Begins;
        public int* Threads;
        public long* Calls;
    }

    [UnmanagedCallersOnly]
    private static void Record(IntPtr context, long begin, long end)
    {
        var r = (Recording*)context;
        Interlocked.Increment(ref *r->Calls);
        for (var i = begin; i < end; i++)
        {
            r->Begins[i] = begin;
            r->Threads[i] = Environment.CurrentManagedThreadId;
        }
    }

    private static (long[] Begins, int[] Threads, long Calls) Run(QcThreadPool pool, long count, bool enter = true)
    {
        var begins = new long[Math.Max(count, 1)];
        var threads = new int[Math.Max(count, 1)];
        long calls = 0;
        var parallelFor = (delegate* unmanaged<IntPtr, long, IntPtr, IntPtr, void>)QcThreadPool.ParallelForPointer;
        fixed (long* b = begins)
        fixed (int* t = threads)
        {
            var rec = new Recording { Begins = b, Threads = t, Calls = &calls };
            if (enter)
            {
                pool.Enter();
            }

            try
            {
                parallelFor(pool.Handle, count, (IntPtr)(delegate* unmanaged<IntPtr, long, long, void>)&Record, (IntPtr)(&rec));
            }
            finally
            {
                if (enter)
                {
                    pool.Exit();
                }
            }
        }

        return (begins, threads, calls);
    }

    [Fact]
    public void Chunks_AreContiguous_Balanced_AndCoverTheRange()
    {
        foreach (var (count, chunks) in new[] { (10L, 3), (1L, 4), (7L, 7), (5L, 8), (1_000_003L, 4), (long.MaxValue, 3) })
        {
            var n = (int)Math.Min(chunks, count);
            long previous = 0;
            for (var c = 0; c < n; c++)
            {
                var (begin, end) = QcThreadPool.Chunk(count, n, c);
                begin.ShouldBe(previous);
                (end - begin).ShouldBeInRange(count / n, (count / n) + 1);
                previous = end;
            }

            previous.ShouldBe(count);
        }
    }

    /// <summary>Context for <see cref="Gather"/>: chunks started so far, the chunk count, and per chunk its thread id.</summary>
    private struct Gathering
    {
        public int Started;
        public int Chunks;
        public int* Threads;
        public int TimedOut;
    }

    /// <summary>A body that records its thread and then waits (at most 30 s) until every chunk has started, so no thread
    /// can take a second chunk: with n chunks, n distinct threads must have run them.</summary>
    [UnmanagedCallersOnly]
    private static void Gather(IntPtr context, long begin, long end)
    {
        var g = (Gathering*)context;
        g->Threads[begin] = Environment.CurrentManagedThreadId;
        Interlocked.Increment(ref g->Started);
        var deadline = Environment.TickCount64 + 30_000;
        var spin = default(SpinWait);
        while (Volatile.Read(ref g->Started) < g->Chunks)
        {
            if (Environment.TickCount64 > deadline)
            {
                g->TimedOut = 1;
                return;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>Runs <see cref="Gather"/> over <paramref name="chunks"/> items on the pool's threads and checks that
    /// chunk 0 ran on the caller and every chunk on its own thread.</summary>
    private static void ShouldUseEveryThread(QcThreadPool pool, int chunks)
    {
        var threads = new int[chunks];
        var parallelFor = (delegate* unmanaged<IntPtr, long, IntPtr, IntPtr, void>)QcThreadPool.ParallelForPointer;
        fixed (int* t = threads)
        {
            var g = new Gathering { Chunks = chunks, Threads = t };
            pool.Enter();
            try
            {
                parallelFor(pool.Handle, chunks, (IntPtr)(delegate* unmanaged<IntPtr, long, long, void>)&Gather, (IntPtr)(&g));
            }
            finally
            {
                pool.Exit();
            }

            g.TimedOut.ShouldBe(0);
            g.Started.ShouldBe(chunks);
        }

        threads[0].ShouldBe(Environment.CurrentManagedThreadId);
        threads.Distinct().Count().ShouldBe(chunks);
    }

    [Fact]
    public void ParallelFor_UsesEveryThread_CallerIncluded()
    {
        using var pool = new QcThreadPool(4);
        for (var repeat = 0; repeat < 20; repeat++)
        {
            ShouldUseEveryThread(pool, 4);
        }

        for (var fresh = 0; fresh < 10; fresh++)
        {
            using var started = new QcThreadPool(4);
            ShouldUseEveryThread(started, 4); // the first call may come before the workers have begun to wait
        }
    }

    [Fact]
    public void ParallelFor_RunsEachChunkOnce_WithTheDocumentedBounds()
    {
        using var pool = new QcThreadPool(4);
        for (var repeat = 0; repeat < 50; repeat++)
        {
            var (begins, threads, calls) = Run(pool, 1000);
            calls.ShouldBe(4 * QcThreadPool.ChunksPerThread);
            begins.Distinct().ShouldBe(Enumerable.Range(0, 16).Select(c => 1000L * c / 16));
            threads[0].ShouldBe(Environment.CurrentManagedThreadId); // chunk 0 always runs on the caller
        }
    }

    [Fact]
    public void ParallelFor_WithFewerItemsThanThreads_UsesOneChunkPerItem()
    {
        using var pool = new QcThreadPool(8);
        var (begins, _, calls) = Run(pool, 3);
        calls.ShouldBe(3);
        begins.ShouldBe([0L, 1L, 2L]);
        Run(pool, 0).Calls.ShouldBe(0);
        Run(pool, -5).Calls.ShouldBe(0);
    }

    [Fact]
    public void ParallelFor_WithOneThread_OrFromAnotherThread_RunsInline()
    {
        using (var single = new QcThreadPool(1))
        {
            var (_, threads, calls) = Run(single, 100);
            calls.ShouldBe(1);
            threads.ShouldAllBe(t => t == Environment.CurrentManagedThreadId);
        }

        using var pool = new QcThreadPool(4);
        var outside = Run(pool, 100, enter: false); // not the thread running the model
        outside.Calls.ShouldBe(1);
        Run(IntPtr.Zero, 10).ShouldBe(1);
    }

    private static long Run(IntPtr nullPool, long count)
    {
        var begins = new long[count];
        var threads = new int[count];
        long calls = 0;
        var parallelFor = (delegate* unmanaged<IntPtr, long, IntPtr, IntPtr, void>)QcThreadPool.ParallelForPointer;
        fixed (long* b = begins)
        fixed (int* t = threads)
        {
            var rec = new Recording { Begins = b, Threads = t, Calls = &calls };
            parallelFor(nullPool, count, (IntPtr)(delegate* unmanaged<IntPtr, long, long, void>)&Record, (IntPtr)(&rec));
        }

        return calls;
    }

    [Fact]
    public void Dispose_StopsTheWorkers()
    {
        var pool = new QcThreadPool(3);
        Run(pool, 30).Calls.ShouldBe(3 * QcThreadPool.ChunksPerThread);
        pool.Dispose();
        pool.Dispose(); // idempotent
    }

    [Fact]
    public void ParallelFor_ManyRapidCalls_RunEveryChunkOnceWithTheDocumentedSplit()
    {
        using var pool = new QcThreadPool(3);
        for (var call = 0; call < 20_000; call++)
        {
            var count = 1 + (call % 11);
            var (begins, threads, calls) = Run(pool, count);
            var n = Math.Min(3 * QcThreadPool.ChunksPerThread, count);
            calls.ShouldBe(n);
            for (var c = 0; c < n; c++)
            {
                var (begin, end) = QcThreadPool.Chunk(count, n, c);
                for (var i = begin; i < end; i++)
                {
                    begins[i].ShouldBe(begin);
                }
            }

            threads[0].ShouldBe(Environment.CurrentManagedThreadId);
        }
    }

    [Fact]
    public void ParallelFor_AfterTheWorkersWentToSleep_StillUsesEveryThread()
    {
        using var pool = new QcThreadPool(3);
        for (var repeat = 0; repeat < 3; repeat++)
        {
            Thread.Sleep(20); // far past the spin window: the workers block
            ShouldUseEveryThread(pool, 3);
            Thread.Sleep(20);
            var (begins, _, calls) = Run(pool, 24);
            calls.ShouldBe(12);
            begins.Distinct().ShouldBe([0L, 2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L]);
        }
    }

    [Fact]
    public void Dispose_WhileIdle_StopsSpinningAndSleepingWorkers()
    {
        // Dispose joins every worker, so it returns only once they have all stopped.
        static void DisposeSoon(QcThreadPool pool) => Task.Run(pool.Dispose).Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();

        var spinning = new QcThreadPool(4);
        Run(spinning, 40).Calls.ShouldBe(4 * QcThreadPool.ChunksPerThread);
        DisposeSoon(spinning); // right after a call: the workers are still spinning

        var sleeping = new QcThreadPool(4);
        Run(sleeping, 40).Calls.ShouldBe(4 * QcThreadPool.ChunksPerThread);
        Thread.Sleep(20);
        DisposeSoon(sleeping); // the workers are blocked

        DisposeSoon(new QcThreadPool(4)); // never used
    }

    [Fact]
    public void QcRt_HasTheDocumentedLayout()
    {
        sizeof(QcRt).ShouldBe(24);
        Marshal.OffsetOf<QcRt>(nameof(QcRt.AbiVersion)).ShouldBe(0);
        Marshal.OffsetOf<QcRt>(nameof(QcRt.NumThreads)).ShouldBe(4);
        Marshal.OffsetOf<QcRt>(nameof(QcRt.Pool)).ShouldBe(8);
        Marshal.OffsetOf<QcRt>(nameof(QcRt.ParallelFor)).ShouldBe(16);
    }
}
