using System.Runtime.InteropServices;
using Qc.Codegen;
using Qc.Codegen.Llvm.Kernels;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Lowering.Tests;

/// <summary>A lowered module compiled and loaded into this process, with its buffers allocated (64-aligned) and
/// filled once; <see cref="Run"/> calls every kernel in order with a <c>qc_rt</c> of one thread or more (its
/// <c>parallel_for</c> splits <c>[0, count)</c> into one contiguous chunk per thread, the first on the calling thread, the
/// others on threads of their own, as the runtime's pool does).</summary>
internal sealed unsafe class NativeKernels : IDisposable
{
    private readonly KernelModule _module;
    private readonly IntPtr _library;
    private readonly string _dir;
    private readonly IntPtr[] _memory;
    private readonly IntPtr[][] _args;
    private readonly IntPtr[] _entries;
    private readonly IntPtr _rt;

    public NativeKernels(KernelModule module, TargetDescriptor target, IReadOnlyDictionary<string, TensorData> inputs)
    {
        _module = module;
        var code = KernelCompiler.Compile(module, target);
        code.Succeeded.ShouldBeTrue(string.Join("\n", code.Diagnostics));
        SharedObject = code.SharedObject!;
        _dir = Directory.CreateTempSubdirectory("qc-bench-").FullName;
        var path = Path.Combine(_dir, "kernels.so");
        File.WriteAllBytes(path, SharedObject);
        _library = NativeLibrary.Load(path);
        _entries = [.. code.Kernels.Select(k => NativeLibrary.GetExport(_library, k.Symbol))];
        _memory = new IntPtr[module.Buffers.Count];
        foreach (var b in module.Buffers)
        {
            var bytes = Bytes(b);
            _memory[b.Id] = (IntPtr)NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, 1), 64);
            var span = new Span<byte>((void*)_memory[b.Id], bytes);
            span.Clear();
            var source = b.Kind switch
            {
                Qc.Ir.Kernel.BufferKind.Input => inputs[b.Name].Data.Span,
                Qc.Ir.Kernel.BufferKind.Weight => b.Data!.Data.Span,
                _ => default,
            };
            source.CopyTo(span);
        }

        _args = [.. code.Kernels.Select(k => k.Args.Select(id => _memory[id]).ToArray())];
        _rt = (IntPtr)NativeMemory.AlignedAlloc(24, 64);
        var rt = (uint*)_rt;
        rt[0] = 1;
        rt[1] = 1;
        ((IntPtr*)_rt)[1] = IntPtr.Zero;
        ((IntPtr*)_rt)[2] = (IntPtr)(delegate* unmanaged<IntPtr, long, IntPtr, IntPtr, void>)&ParallelFor;
    }

    public byte[] SharedObject { get; }

    /// <summary>Runs every kernel in order on one thread.</summary>
    public void Run() => Run(1);

    /// <summary>Runs every kernel in order; <paramref name="threads"/> is the qc_rt thread count and how many chunks
    /// each <c>parallel_for</c> is split into.</summary>
    public void Run(int threads)
    {
        threads.ShouldBeInRange(1, 64);
        ((uint*)_rt)[1] = (uint)threads;
        ((IntPtr*)_rt)[1] = threads;
        for (var k = 0; k < _entries.Length; k++)
        {
            fixed (IntPtr* pa = _args[k])
            {
                ((delegate* unmanaged<IntPtr*, IntPtr, void>)_entries[k])(pa, _rt);
            }
        }
    }

    /// <summary>Fills every buffer that is neither an input nor a weight with 0xFF bytes (NaN for floats), so a kernel
    /// that reads an element before writing it shows up in the results.</summary>
    public void Poison()
    {
        foreach (var b in _module.Buffers.Where(b => b.Kind is not (Qc.Ir.Kernel.BufferKind.Input or Qc.Ir.Kernel.BufferKind.Weight)))
        {
            new Span<byte>((void*)_memory[b.Id], Bytes(b)).Fill(0xFF);
        }
    }

    public TensorData Output(string name)
    {
        var b = _module.FindBuffer(name)!;
        return TensorData.FromBytes(b.ElementType, b.Shape.AsSpan(), new ReadOnlySpan<byte>((void*)_memory[b.Id], Bytes(b)).ToArray());
    }

    public void Dispose()
    {
        foreach (var m in _memory)
        {
            NativeMemory.AlignedFree((void*)m);
        }

        NativeMemory.AlignedFree((void*)_rt);
        NativeLibrary.Free(_library);
        Directory.Delete(_dir, recursive: true);
    }

    private static int Bytes(KernelBuffer b) => checked((int)(b.ElementCount * Math.Max(1, b.ElementType.BitWidth() / 8)));

    /// <summary>The pool handle is the thread count: chunk t is <c>[count·t/n, count·(t+1)/n)</c>; chunk 0 runs on the
    /// calling thread, the others each on a thread of their own, joined before returning.</summary>
    [UnmanagedCallersOnly]
    private static void ParallelFor(IntPtr pool, long count, IntPtr body, IntPtr ctx)
    {
        var n = Math.Max(1, (int)pool);
        var fn = (delegate* unmanaged<IntPtr, long, long, void>)body;
        if (count <= 0)
        {
            return;
        }

        if (n == 1)
        {
            fn(ctx, 0, count);
            return;
        }

        var workers = new Thread[n - 1];
        for (var t = 1; t < n; t++)
        {
            var (begin, end) = (count * t / n, count * (t + 1) / n);
            workers[t - 1] = new Thread(() =>
            {
                if (end > begin)
                {
                    ((delegate* unmanaged<IntPtr, long, long, void>)body)(ctx, begin, end);
                }
            });
            workers[t - 1].Start();
        }

        if (count / n > 0)
        {
            fn(ctx, 0, count / n);
        }

        foreach (var w in workers)
        {
            w.Join();
        }
    }
}
