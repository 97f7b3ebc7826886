using System.Diagnostics;
using System.Runtime.InteropServices;
using Qc.Package;

namespace Qc.Runtime;

/// <summary>The <c>qc_rt</c> struct of the native ABI (specs/package.md), 24 bytes on 64-bit hosts.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct QcRt
{
    public uint AbiVersion;
    public uint NumThreads;
    public IntPtr Pool;
    public IntPtr ParallelFor;
}

/// <summary>Runs a CPU target: the shared object extracted to the code cache and loaded, one native argument array per
/// kernel, weights in place in the mapped package, one 64-byte aligned arena reused across runs.</summary>
internal sealed unsafe class CpuExecutor : IExecutor
{
    /// <summary>The native ABI version this runtime implements (<c>qc_abi_version()</c> must return it).</summary>
    public const uint AbiVersion = 1;

    /// <summary>The symbol every shared object exports.</summary>
    public const string AbiSymbol = "qc_abi_version";

    private readonly IntPtr _library;
    private readonly QcThreadPool _pool;
    private readonly QcRt* _rt;
    private readonly byte* _arena;
    private readonly IntPtr[] _buffers;
    private readonly IntPtr*[] _args;
    private readonly int[][] _argIds;
    private readonly delegate* unmanaged<IntPtr*, QcRt*, void>[] _kernels;
    private bool _disposed;

    public CpuExecutor(QcPackage package, ManifestTarget target, int threads, string cacheDirectory)
    {
        var manifest = package.Manifest;
        var code = package.GetSection(target.Code);
        var path = CodeCache.Materialise(cacheDirectory, code.Sha256, package.GetSpan(target.Code), ".so");
        try
        {
            _library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.LibraryLoad, $"cannot load the code of target '{target.Name}' ({target.Code}): {e.Message}", e);
        }

        try
        {
            var abi = (delegate* unmanaged<uint>)Export(target, AbiSymbol, null);
            var version = abi();
            if (version != AbiVersion)
            {
                throw new QcRuntimeException(QcRuntimeErrorCode.AbiMismatch,
                    $"the code of target '{target.Name}' uses native ABI {version}; this runtime implements {AbiVersion}");
            }

            _kernels = new delegate* unmanaged<IntPtr*, QcRt*, void>[target.Kernels.Count];
            for (var k = 0; k < _kernels.Length; k++)
            {
                _kernels[k] = (delegate* unmanaged<IntPtr*, QcRt*, void>)Export(target, target.Kernels[k].Symbol, target.Kernels[k].Name);
            }

            _pool = new QcThreadPool(threads);
            _rt = (QcRt*)NativeMemory.AllocZeroed((nuint)sizeof(QcRt));
            *_rt = new QcRt { AbiVersion = AbiVersion, NumThreads = (uint)threads, Pool = _pool.Handle, ParallelFor = QcThreadPool.ParallelForPointer };
            _arena = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(manifest.ArenaBytes, 64), 64);
            NativeMemory.Clear(_arena, (nuint)Math.Max(manifest.ArenaBytes, 64));
            _buffers = new IntPtr[manifest.Buffers.Count];
            var weights = package.HasSection(SectionNames.Weights) ? package.GetPointer(SectionNames.Weights) : IntPtr.Zero;
            foreach (var b in manifest.Buffers)
            {
                _buffers[b.Id] = b.Kind switch
                {
                    BufferKind.Weight => weights + (nint)b.Offset!.Value,
                    BufferKind.Arena => (IntPtr)(_arena + b.Offset!.Value),
                    _ => IntPtr.Zero,
                };
            }

            _argIds = new int[target.Kernels.Count][];
            _args = new IntPtr*[target.Kernels.Count];
            for (var k = 0; k < _args.Length; k++)
            {
                _argIds[k] = [.. target.Kernels[k].Args];
                _args[k] = (IntPtr*)NativeMemory.AllocZeroed((nuint)Math.Max(1, _argIds[k].Length), (nuint)sizeof(IntPtr));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Run(IntPtr[] pointers, long[]? kernelTicks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _pool.Enter();
        try
        {
            for (var k = 0; k < _kernels.Length; k++)
            {
                var ids = _argIds[k];
                var args = _args[k];
                for (var a = 0; a < ids.Length; a++)
                {
                    var p = _buffers[ids[a]];
                    args[a] = p != IntPtr.Zero ? p : pointers[ids[a]];
                }

                if (kernelTicks is null)
                {
                    _kernels[k](args, _rt);
                }
                else
                {
                    var start = Stopwatch.GetTimestamp();
                    _kernels[k](args, _rt);
                    kernelTicks[k] += Stopwatch.GetTimestamp() - start;
                }
            }
        }
        finally
        {
            _pool.Exit();
        }
    }

    private IntPtr Export(ManifestTarget target, string symbol, string? kernel)
    {
        if (NativeLibrary.TryGetExport(_library, symbol, out var address))
        {
            return address;
        }

        throw new QcRuntimeException(QcRuntimeErrorCode.MissingSymbol, kernel is null
            ? $"the code of target '{target.Name}' does not export '{symbol}' (not a qc shared object?)"
            : $"kernel '{kernel}': symbol '{symbol}' is not exported by the code of target '{target.Name}' ({target.Code})");
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pool?.Dispose();
        if (_args is not null)
        {
            foreach (var a in _args)
            {
                NativeMemory.Free(a);
            }
        }

        NativeMemory.AlignedFree(_arena);
        NativeMemory.Free(_rt);
        if (_library != IntPtr.Zero)
        {
            NativeLibrary.Free(_library);
        }
    }
}
