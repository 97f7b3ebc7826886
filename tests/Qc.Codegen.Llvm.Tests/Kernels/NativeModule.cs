using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Qc.Codegen.Llvm.Kernels;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>A kernel module compiled for an x86-64 target, linked, loaded into this process and run through the native
/// ABI with a test <c>qc_rt</c> whose <c>parallel_for</c> runs its chunks on the .NET thread pool.</summary>
internal sealed unsafe class NativeModule : IDisposable
{
    private readonly KernelModule _module;
    private readonly IntPtr _library;
    private readonly string _dir;
    private readonly IntPtr[] _entries;

    public NativeModule(KernelModule module, string target = "x86_64-linux-gnu:x86-64-v3")
    {
        _module = module;
        Code = KernelCompiler.Compile(module, KernelTestData.Target(target));
        Assert.True(Code.Succeeded, string.Join("\n", Code.Diagnostics));
        _dir = Directory.CreateTempSubdirectory("qc-kernels-").FullName;
        var path = Path.Combine(_dir, "kernels.so");
        File.WriteAllBytes(path, Code.SharedObject!);
        _library = NativeLibrary.Load(path);
        var abi = (delegate* unmanaged<uint>)NativeLibrary.GetExport(_library, "qc_abi_version");
        Assert.Equal(1u, abi());
        _entries = [.. Code.Kernels.Select(k => NativeLibrary.GetExport(_library, k.Symbol))];
    }

    public CompiledCode Code { get; }

    /// <summary>Threads the test runtime reports (chunks of a parallel loop).</summary>
    public uint Threads { get; init; } = 4;

    /// <summary>Runs every kernel in order; returns the output buffers by name.</summary>
    public ImmutableDictionary<string, TensorData> Run(IReadOnlyDictionary<string, TensorData> inputs)
    {
        var memory = new IntPtr[_module.Buffers.Count];
        try
        {
            foreach (var b in _module.Buffers)
            {
                var bytes = checked((int)(b.ElementCount * ElementSize(b)));
                memory[b.Id] = (IntPtr)NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, 1), 64);
                var span = new Span<byte>((void*)memory[b.Id], bytes);
                span.Clear();
                var source = b.Kind switch
                {
                    BufferKind.Input => inputs[b.Name].Data.Span,
                    BufferKind.Weight => b.Data!.Data.Span,
                    _ => default,
                };
                source.CopyTo(span);
            }

            var rt = new TestRt { AbiVersion = 1, NumThreads = Threads, Pool = IntPtr.Zero, ParallelFor = (IntPtr)(delegate* unmanaged<IntPtr, long, IntPtr, IntPtr, void>)&ParallelFor };
            for (var k = 0; k < _entries.Length; k++)
            {
                var args = Code.Kernels[k].Args.Select(id => memory[id]).ToArray();
                fixed (IntPtr* pa = args)
                {
                    s_threads = (int)Threads;
                    ((delegate* unmanaged<IntPtr*, TestRt*, void>)_entries[k])(pa, &rt);
                }
            }

            return _module.Buffers.Where(b => b.Kind == BufferKind.Output).ToImmutableDictionary(b => b.Name, b =>
                TensorData.FromBytes(b.ElementType, b.Shape.AsSpan(), new ReadOnlySpan<byte>((void*)memory[b.Id], checked((int)(b.ElementCount * ElementSize(b)))).ToArray()));
        }
        finally
        {
            foreach (var m in memory)
            {
                NativeMemory.AlignedFree((void*)m);
            }
        }
    }

    public void Dispose()
    {
        NativeLibrary.Free(_library);
        Directory.Delete(_dir, recursive: true);
    }

    private static int ElementSize(KernelBuffer b) => Math.Max(1, b.ElementType.BitWidth() / 8);

    [ThreadStatic]
    private static int s_threads;

    /// <summary>The ABI's split: n = min(threads, count) chunks, chunk i = [i·count/n, (i+1)·count/n).</summary>
    [UnmanagedCallersOnly]
    private static void ParallelFor(IntPtr pool, long count, IntPtr body, IntPtr ctx)
    {
        if (count <= 0)
        {
            return;
        }

        var fn = (delegate* unmanaged<IntPtr, long, long, void>)body;
        var n = (int)Math.Min(Math.Max(s_threads, 1), count);
        Parallel.For(0, n, i => fn(ctx, (long)((Int128)i * count / n), (long)((Int128)(i + 1) * count / n)));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TestRt
    {
        public uint AbiVersion;
        public uint NumThreads;
        public IntPtr Pool;
        public IntPtr ParallelFor;
    }
}
