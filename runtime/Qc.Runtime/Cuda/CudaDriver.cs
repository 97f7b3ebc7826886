using System.Runtime.InteropServices;

namespace Qc.Runtime.Cuda;

/// <summary>The few CUDA driver API functions the runtime uses, bound to <c>libcuda.so.1</c> (or <c>QC_CUDA_LIB</c>).</summary>
/// <remarks>Memory functions use the <c>_v2</c> entry points that <c>cuda.h</c> maps the plain names to (64-bit sizes
/// and device pointers).</remarks>
internal static unsafe partial class CudaDriver
{
    private const string Lib = "qc-cuda-driver";
    private static readonly Lazy<(IntPtr Handle, string? Error)> s_library = new(LoadLibrary);

    static CudaDriver() => NativeLibrary.SetDllImportResolver(typeof(CudaDriver).Assembly, (name, _, _) =>
        name == Lib && s_library.Value.Handle != IntPtr.Zero ? s_library.Value.Handle : IntPtr.Zero);

    /// <summary>Loads the driver library, or says why it cannot.</summary>
    public static bool TryLoad(out string reason)
    {
        var (handle, error) = s_library.Value;
        reason = error ?? "";
        return handle != IntPtr.Zero;
    }

    private static (IntPtr, string?) LoadLibrary()
    {
        var name = Environment.GetEnvironmentVariable("QC_CUDA_LIB") is { Length: > 0 } env ? env : "libcuda.so.1";
        return NativeLibrary.TryLoad(name, out var handle)
            ? (handle, null)
            : (IntPtr.Zero, $"the CUDA driver '{name}' cannot be loaded (no NVIDIA driver on this machine; set QC_CUDA_LIB to its path)");
    }

    [LibraryImport(Lib)] public static partial int cuInit(uint flags);
    [LibraryImport(Lib)] public static partial int cuDeviceGetCount(out int count);
    [LibraryImport(Lib)] public static partial int cuDeviceGet(out int device, int ordinal);
    [LibraryImport(Lib)] public static partial int cuDeviceGetName(byte* name, int length, int device);
    [LibraryImport(Lib)] public static partial int cuDevicePrimaryCtxRetain(out IntPtr context, int device);
    [LibraryImport(Lib, EntryPoint = "cuDevicePrimaryCtxRelease_v2")] public static partial int cuDevicePrimaryCtxRelease(int device);
    [LibraryImport(Lib)] public static partial int cuCtxSetCurrent(IntPtr context);
    [LibraryImport(Lib)] public static partial int cuCtxSynchronize();
    [LibraryImport(Lib)] public static partial int cuModuleLoadData(out IntPtr module, byte* image);
    [LibraryImport(Lib)] public static partial int cuModuleUnload(IntPtr module);
    [LibraryImport(Lib)] public static partial int cuModuleGetFunction(out IntPtr function, IntPtr module, byte* name);
    [LibraryImport(Lib, EntryPoint = "cuMemAlloc_v2")] public static partial int cuMemAlloc(out ulong pointer, nuint bytes);
    [LibraryImport(Lib, EntryPoint = "cuMemFree_v2")] public static partial int cuMemFree(ulong pointer);
    [LibraryImport(Lib, EntryPoint = "cuMemcpyHtoD_v2")] public static partial int cuMemcpyHtoD(ulong destination, void* source, nuint bytes);
    [LibraryImport(Lib, EntryPoint = "cuMemcpyDtoH_v2")] public static partial int cuMemcpyDtoH(void* destination, ulong source, nuint bytes);
    [LibraryImport(Lib, EntryPoint = "cuMemsetD8_v2")] public static partial int cuMemsetD8(ulong destination, byte value, nuint count);

    [LibraryImport(Lib)]
    public static partial int cuLaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, IntPtr stream, void** kernelParams, void** extra);

    [LibraryImport(Lib)] public static partial int cuGetErrorName(int error, out IntPtr name);
    [LibraryImport(Lib)] public static partial int cuGetErrorString(int error, out IntPtr text);

    /// <summary><c>CUDA_ERROR_NOT_FOUND</c>: a named symbol (kernel) is not in the module.</summary>
    public const int ErrorNotFound = 500;

    /// <summary><c>CUDA_ERROR_NO_DEVICE</c>.</summary>
    public const int ErrorNoDevice = 100;

    /// <summary>Throws <see cref="QcRuntimeException"/> (<see cref="QcRuntimeErrorCode.CudaError"/>) for a non-zero result.</summary>
    public static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.CudaError, $"{call} failed: {Describe(result)}");
        }
    }

    /// <summary>The driver's name and text for an error code (<c>CUDA_ERROR_INVALID_PTX (218): a PTX JIT compilation failed</c>).</summary>
    public static string Describe(int result)
    {
        var name = cuGetErrorName(result, out var n) == 0 && n != IntPtr.Zero ? Marshal.PtrToStringUTF8(n) : null;
        var text = cuGetErrorString(result, out var s) == 0 && s != IntPtr.Zero ? Marshal.PtrToStringUTF8(s) : null;
        return $"{name ?? "CUDA error"} ({result}){(text is null ? "" : ": " + text)}";
    }
}
