using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Qc.Package;

namespace Qc.Runtime.Cuda;

/// <summary>Runs a CUDA target through the driver API: the PTX loaded with <c>cuModuleLoadData</c>, weights uploaded once,
/// one device allocation per input/output buffer and one for the arena, kernels launched in order with
/// <c>kernelParams</c> pointing at each argument's device pointer, then a synchronise and the outputs copied back.</summary>
internal sealed unsafe class CudaExecutor : IExecutor
{
    private readonly int _device;
    private readonly IntPtr _context;
    private readonly IntPtr _module;
    private readonly IntPtr[] _functions;
    private readonly ManifestTarget _target;
    private readonly PackageManifest _manifest;
    private readonly ulong[] _devicePointers;
    private readonly List<ulong> _allocations = [];
    private readonly ulong** _params;   // per kernel: the device pointers of its arguments
    private readonly void*** _paramPointers; // per kernel: pointers to those device pointers (kernelParams)
    private bool _disposed;

    public CudaExecutor(QcPackage package, ManifestTarget target, int deviceOrdinal)
    {
        if (!CudaDriver.TryLoad(out var reason))
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.CudaUnavailable, reason);
        }

        _target = target;
        _manifest = package.Manifest;
        CudaDriver.Check(CudaDriver.cuInit(0), "cuInit");
        CudaDriver.Check(CudaDriver.cuDeviceGetCount(out var count), "cuDeviceGetCount");
        if (deviceOrdinal >= count)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.CudaUnavailable, $"no CUDA device {deviceOrdinal} (this machine has {count})");
        }

        CudaDriver.Check(CudaDriver.cuDeviceGet(out _device, deviceOrdinal), "cuDeviceGet");
        CudaDriver.Check(CudaDriver.cuDevicePrimaryCtxRetain(out _context, _device), "cuDevicePrimaryCtxRetain");
        _devicePointers = new ulong[_manifest.Buffers.Count];
        _functions = new IntPtr[target.Kernels.Count];
        _params = (ulong**)NativeMemory.AllocZeroed((nuint)Math.Max(1, _functions.Length), (nuint)sizeof(ulong*));
        _paramPointers = (void***)NativeMemory.AllocZeroed((nuint)Math.Max(1, _functions.Length), (nuint)sizeof(void**));
        try
        {
            CudaDriver.Check(CudaDriver.cuCtxSetCurrent(_context), "cuCtxSetCurrent");
            var ptx = package.GetSpan(target.Code);
            var image = new byte[ptx.Length + 1]; // NUL-terminated PTX text
            ptx.CopyTo(image);
            fixed (byte* p = image)
            {
                var r = CudaDriver.cuModuleLoadData(out _module, p);
                if (r != 0)
                {
                    throw new QcRuntimeException(QcRuntimeErrorCode.CudaError, $"cuModuleLoadData failed for target '{target.Name}' ({target.Code}): {CudaDriver.Describe(r)}");
                }
            }

            for (var k = 0; k < _functions.Length; k++)
            {
                var kernel = target.Kernels[k];
                var name = Encoding.ASCII.GetBytes(kernel.Symbol + "\0");
                fixed (byte* n = name)
                {
                    var r = CudaDriver.cuModuleGetFunction(out _functions[k], _module, n);
                    if (r == CudaDriver.ErrorNotFound)
                    {
                        throw new QcRuntimeException(QcRuntimeErrorCode.MissingSymbol,
                            $"kernel '{kernel.Name}': entry '{kernel.Symbol}' is not in the PTX of target '{target.Name}' ({target.Code})");
                    }

                    CudaDriver.Check(r, $"cuModuleGetFunction('{kernel.Symbol}')");
                }
            }

            ulong weights = 0;
            if (package.HasSection(SectionNames.Weights) && package.GetSection(SectionNames.Weights).Length > 0)
            {
                var section = package.GetSection(SectionNames.Weights);
                weights = Allocate(section.Length);
                CudaDriver.Check(CudaDriver.cuMemcpyHtoD(weights, (void*)package.GetPointer(SectionNames.Weights), (nuint)section.Length), "cuMemcpyHtoD(weights)");
            }

            var arena = Allocate(_manifest.ArenaBytes);
            CudaDriver.Check(CudaDriver.cuMemsetD8(arena, 0, (nuint)Math.Max(_manifest.ArenaBytes, 1)), "cuMemsetD8(arena)");
            foreach (var b in _manifest.Buffers)
            {
                _devicePointers[b.Id] = b.Kind switch
                {
                    BufferKind.Weight => weights + (ulong)b.Offset!.Value,
                    BufferKind.Arena => arena + (ulong)b.Offset!.Value,
                    _ => Allocate(b.Bytes),
                };
                if (b.Kind is BufferKind.Input or BufferKind.Output)
                {
                    CudaDriver.Check(CudaDriver.cuMemsetD8(_devicePointers[b.Id], 0, (nuint)Math.Max(b.Bytes, 1)), "cuMemsetD8");
                }
            }

            for (var k = 0; k < _functions.Length; k++)
            {
                var args = target.Kernels[k].Args;
                var n = Math.Max(1, args.Count);
                _params[k] = (ulong*)NativeMemory.AllocZeroed((nuint)n, sizeof(ulong));
                _paramPointers[k] = (void**)NativeMemory.AllocZeroed((nuint)n, (nuint)sizeof(void*));
                for (var a = 0; a < args.Count; a++)
                {
                    _params[k][a] = _devicePointers[args[a]];
                    _paramPointers[k][a] = &_params[k][a];
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether a CUDA device can be used here, or why not.</summary>
    public static bool IsAvailable(out string reason)
    {
        if (!CudaDriver.TryLoad(out reason))
        {
            return false;
        }

        var r = CudaDriver.cuInit(0);
        if (r != 0)
        {
            reason = $"cuInit failed: {CudaDriver.Describe(r)}";
            return false;
        }

        r = CudaDriver.cuDeviceGetCount(out var count);
        if (r != 0 || count == 0)
        {
            reason = r != 0 ? $"cuDeviceGetCount failed: {CudaDriver.Describe(r)}" : "the CUDA driver reports no device";
            return false;
        }

        reason = "";
        return true;
    }

    public void Run(IntPtr[] pointers, long[]? kernelTicks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CudaDriver.Check(CudaDriver.cuCtxSetCurrent(_context), "cuCtxSetCurrent");
        foreach (var b in _manifest.Buffers)
        {
            if (b.Kind == BufferKind.Input && b.Bytes > 0)
            {
                CudaDriver.Check(CudaDriver.cuMemcpyHtoD(_devicePointers[b.Id], (void*)pointers[b.Id], (nuint)b.Bytes), $"cuMemcpyHtoD('{b.Name}')");
            }
        }

        for (var k = 0; k < _functions.Length; k++)
        {
            var kernel = _target.Kernels[k];
            var start = Stopwatch.GetTimestamp();
            var r = CudaDriver.cuLaunchKernel(_functions[k],
                (uint)kernel.Grid![0], (uint)kernel.Grid[1], (uint)kernel.Grid[2],
                (uint)kernel.Block![0], (uint)kernel.Block[1], (uint)kernel.Block[2],
                (uint)kernel.SharedBytes!.Value, IntPtr.Zero, _paramPointers[k], null);
            if (r != 0)
            {
                throw new QcRuntimeException(QcRuntimeErrorCode.CudaError, $"launching kernel '{kernel.Name}' ('{kernel.Symbol}') failed: {CudaDriver.Describe(r)}");
            }

            if (kernelTicks is not null)
            {
                // Profiling times each kernel to completion.
                CudaDriver.Check(CudaDriver.cuCtxSynchronize(), $"kernel '{kernel.Name}'");
                kernelTicks[k] += Stopwatch.GetTimestamp() - start;
            }
        }

        CudaDriver.Check(CudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
        foreach (var b in _manifest.Buffers)
        {
            if (b.Kind == BufferKind.Output && b.Bytes > 0)
            {
                CudaDriver.Check(CudaDriver.cuMemcpyDtoH((void*)pointers[b.Id], _devicePointers[b.Id], (nuint)b.Bytes), $"cuMemcpyDtoH('{b.Name}')");
            }
        }
    }

    private ulong Allocate(long bytes)
    {
        CudaDriver.Check(CudaDriver.cuMemAlloc(out var p, (nuint)Math.Max(bytes, 256)), $"cuMemAlloc({bytes})");
        _allocations.Add(p);
        return p;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_context != IntPtr.Zero)
        {
            _ = CudaDriver.cuCtxSetCurrent(_context);
            foreach (var p in _allocations)
            {
                _ = CudaDriver.cuMemFree(p);
            }

            if (_module != IntPtr.Zero)
            {
                _ = CudaDriver.cuModuleUnload(_module);
            }

            _ = CudaDriver.cuDevicePrimaryCtxRelease(_device);
        }

        if (_params is not null)
        {
            for (var k = 0; k < _functions.Length; k++)
            {
                NativeMemory.Free(_params[k]);
                NativeMemory.Free(_paramPointers[k]);
            }

            NativeMemory.Free(_params);
            NativeMemory.Free(_paramPointers);
        }
    }
}
