using System.Runtime.InteropServices;
using System.Text;

namespace Qc.OnnxRuntime;

/// <summary>Typed calls into the ONNX Runtime C API table (<c>OrtApi</c>) through unmanaged function pointers.</summary>
/// <remarks>
/// Every call that returns an <c>OrtStatus*</c> goes through <see cref="Check"/>, which frees the status and throws <see cref="OrtException"/>.
/// Objects the caller must release (values, type infos, shape infos, session options, sessions, statuses) are counted in
/// <see cref="LiveObjects"/> so tests can prove that nothing leaks. Entries of API version 1 (indices 0-101) and AddSessionConfigEntry (130, version 5) are used,
/// and the indices come from <c>struct OrtApi</c> in <c>onnxruntime_c_api.h</c>, which is append-only.
/// </remarks>
internal static unsafe class NativeApi
{
    private const int GetErrorCodeIndex = 1;
    private const int GetErrorMessageIndex = 2;
    private const int CreateEnvIndex = 3;
    private const int CreateSessionIndex = 7;
    private const int CreateSessionFromArrayIndex = 8;
    private const int RunIndex = 9;
    private const int CreateSessionOptionsIndex = 10;
    private const int SetSessionGraphOptimizationLevelIndex = 23;
    private const int SetIntraOpNumThreadsIndex = 24;
    private const int SetInterOpNumThreadsIndex = 25;
    private const int SessionGetInputCountIndex = 30;
    private const int SessionGetOutputCountIndex = 31;
    private const int SessionGetInputTypeInfoIndex = 33;
    private const int SessionGetOutputTypeInfoIndex = 34;
    private const int SessionGetInputNameIndex = 36;
    private const int SessionGetOutputNameIndex = 37;
    private const int CreateTensorAsOrtValueIndex = 48;
    private const int GetTensorMutableDataIndex = 51;
    private const int FillStringTensorIndex = 52;
    private const int GetStringTensorDataLengthIndex = 53;
    private const int GetStringTensorContentIndex = 54;
    private const int CastTypeInfoToTensorInfoIndex = 55;
    private const int GetOnnxTypeFromTypeInfoIndex = 56;
    private const int GetTensorElementTypeIndex = 60;
    private const int GetDimensionsCountIndex = 61;
    private const int GetDimensionsIndex = 62;
    private const int GetSymbolicDimensionsIndex = 63;
    private const int GetTensorTypeAndShapeIndex = 65;
    private const int GetValueTypeIndex = 67;
    private const int AllocatorFreeIndex = 76;
    private const int GetAllocatorWithDefaultOptionsIndex = 78;
    private const int ReleaseStatusIndex = 93;
    private const int ReleaseSessionIndex = 95;
    private const int ReleaseValueIndex = 96;
    private const int ReleaseTypeInfoIndex = 98;
    private const int ReleaseTensorTypeAndShapeInfoIndex = 99;
    private const int ReleaseSessionOptionsIndex = 100;
    private const int AddSessionConfigEntryIndex = 130; // API version 5

    private static IntPtr s_api;
    private static long s_liveObjects;

    /// <summary>ORT objects created through this class and not yet released (sessions, session options, values, type and shape infos).</summary>
    internal static long LiveObjects => Interlocked.Read(ref s_liveObjects);

    /// <summary>Sets the <c>OrtApi*</c> returned by <c>GetApi</c>; called once by <see cref="OrtLibrary"/>.</summary>
    internal static void Initialize(IntPtr api) => s_api = api;

    internal static IntPtr CreateEnv(int logLevel, string logId)
    {
        var id = Marshal.StringToCoTaskMemUTF8(logId);
        try
        {
            IntPtr env;
            Check(((delegate* unmanaged<int, IntPtr, IntPtr*, IntPtr>)Fn(CreateEnvIndex))(logLevel, id, &env));
            return env;
        }
        finally
        {
            Marshal.FreeCoTaskMem(id);
        }
    }

    internal static IntPtr GetDefaultAllocator()
    {
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(GetAllocatorWithDefaultOptionsIndex))(&allocator));
        return allocator;
    }

    internal static IntPtr CreateSessionOptions(OrtSessionOptions options)
    {
        IntPtr o;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(CreateSessionOptionsIndex))(&o));
        Interlocked.Increment(ref s_liveObjects);
        try
        {
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(SetIntraOpNumThreadsIndex))(o, options.IntraOpThreads));
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(SetInterOpNumThreadsIndex))(o, options.InterOpThreads));
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(SetSessionGraphOptimizationLevelIndex))(o, (int)options.Level));
            if (options.KeepQdq)
            {
                AddConfigEntry(o, "session.disable_quant_qdq", "1");
            }

            return o;
        }
        catch
        {
            ReleaseSessionOptions(o);
            throw;
        }
    }

    private static void AddConfigEntry(IntPtr options, string key, string value)
    {
        var k = Marshal.StringToCoTaskMemUTF8(key);
        var v = Marshal.StringToCoTaskMemUTF8(value);
        try
        {
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)Fn(AddSessionConfigEntryIndex))(options, k, v));
        }
        finally
        {
            Marshal.FreeCoTaskMem(k);
            Marshal.FreeCoTaskMem(v);
        }
    }

    internal static void ReleaseSessionOptions(IntPtr options) => Release(ReleaseSessionOptionsIndex, options);

    internal static IntPtr CreateSession(IntPtr env, string path, IntPtr options)
    {
        // ORTCHAR_T is char on Linux and macOS: the path is UTF-8.
        var p = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            IntPtr session;
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr>)Fn(CreateSessionIndex))(env, p, options, &session));
            Interlocked.Increment(ref s_liveObjects);
            return session;
        }
        finally
        {
            Marshal.FreeCoTaskMem(p);
        }
    }

    internal static IntPtr CreateSessionFromArray(IntPtr env, ReadOnlySpan<byte> model, IntPtr options)
    {
        fixed (byte* data = model)
        {
            IntPtr session;
            Check(((delegate* unmanaged<IntPtr, byte*, nuint, IntPtr, IntPtr*, IntPtr>)Fn(CreateSessionFromArrayIndex))(
                env, data, (nuint)model.Length, options, &session));
            Interlocked.Increment(ref s_liveObjects);
            return session;
        }
    }

    internal static void ReleaseSession(IntPtr session) => Release(ReleaseSessionIndex, session);

    internal static int SessionGetCount(IntPtr session, bool outputs)
    {
        nuint n;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(outputs ? SessionGetOutputCountIndex : SessionGetInputCountIndex))(session, &n));
        return checked((int)n);
    }

    /// <summary>Reads an input or output name; the ORT-allocated copy is freed before returning.</summary>
    internal static string SessionGetName(IntPtr session, int index, bool output, IntPtr allocator)
    {
        IntPtr name;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)Fn(output ? SessionGetOutputNameIndex : SessionGetInputNameIndex))(
            session, (nuint)index, allocator, &name));
        try
        {
            return Marshal.PtrToStringUTF8(name) ?? string.Empty;
        }
        finally
        {
            ((delegate* unmanaged<IntPtr, IntPtr, void>)Fn(AllocatorFreeIndex))(allocator, name);
        }
    }

    /// <summary>Returns an owned <c>OrtTypeInfo*</c>; release it with <see cref="ReleaseTypeInfo"/>.</summary>
    internal static IntPtr SessionGetTypeInfo(IntPtr session, int index, bool output)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)Fn(output ? SessionGetOutputTypeInfoIndex : SessionGetInputTypeInfoIndex))(
            session, (nuint)index, &info));
        Interlocked.Increment(ref s_liveObjects);
        return info;
    }

    internal static void ReleaseTypeInfo(IntPtr typeInfo) => Release(ReleaseTypeInfoIndex, typeInfo);

    internal static OrtValueKind GetOnnxType(IntPtr typeInfo)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(GetOnnxTypeFromTypeInfoIndex))(typeInfo, &type));
        return (OrtValueKind)type;
    }

    /// <summary>Returns the tensor part of a type info (not owned: it lives as long as the type info), or zero for non-tensors.</summary>
    internal static IntPtr CastTypeInfoToTensorInfo(IntPtr typeInfo)
    {
        IntPtr tensorInfo;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(CastTypeInfoToTensorInfoIndex))(typeInfo, &tensorInfo));
        return tensorInfo;
    }

    internal static int GetTensorElementType(IntPtr tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(GetTensorElementTypeIndex))(tensorInfo, &type));
        return type;
    }

    internal static long[] GetDimensions(IntPtr tensorInfo)
    {
        nuint rank;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(GetDimensionsCountIndex))(tensorInfo, &rank));
        var dims = new long[checked((int)rank)];
        fixed (long* d = dims)
        {
            Check(((delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)Fn(GetDimensionsIndex))(tensorInfo, d, rank));
        }

        return dims;
    }

    /// <summary>The symbolic dimension names (empty strings for unnamed dimensions); the pointers ORT returns are not owned.</summary>
    internal static string[] GetSymbolicDimensions(IntPtr tensorInfo, int rank)
    {
        var names = new string[rank];
        if (rank == 0)
        {
            return names;
        }

        var pointers = stackalloc IntPtr[rank];
        Check(((delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr>)Fn(GetSymbolicDimensionsIndex))(tensorInfo, pointers, (nuint)rank));
        for (var i = 0; i < rank; i++)
        {
            names[i] = pointers[i] == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(pointers[i]) ?? string.Empty;
        }

        return names;
    }

    /// <summary>Creates a tensor whose buffer ORT allocates (and owns); release it with <see cref="ReleaseValue"/>.</summary>
    internal static IntPtr CreateTensor(IntPtr allocator, ReadOnlySpan<long> dims, int elementType)
    {
        fixed (long* shape = dims)
        {
            IntPtr value;
            Check(((delegate* unmanaged<IntPtr, long*, nuint, int, IntPtr*, IntPtr>)Fn(CreateTensorAsOrtValueIndex))(
                allocator, shape, (nuint)dims.Length, elementType, &value));
            Interlocked.Increment(ref s_liveObjects);
            return value;
        }
    }

    internal static void ReleaseValue(IntPtr value) => Release(ReleaseValueIndex, value);

    internal static IntPtr GetTensorMutableData(IntPtr value)
    {
        IntPtr data;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(GetTensorMutableDataIndex))(value, &data));
        return data;
    }

    /// <summary>Fills a string tensor from UTF-8 copies of <paramref name="strings"/> (ORT copies them again).</summary>
    internal static void FillStringTensor(IntPtr value, IReadOnlyList<string> strings)
    {
        using var block = new Utf8Block(strings);
        Check(((delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr>)Fn(FillStringTensorIndex))(value, block.Pointers, (nuint)block.Count));
    }

    /// <summary>Reads the <paramref name="count"/> elements of a string tensor as UTF-8 strings.</summary>
    internal static string[] GetStringTensor(IntPtr value, long count)
    {
        var n = checked((int)count);
        var result = new string[n];
        if (n == 0)
        {
            return result;
        }

        nuint length;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(GetStringTensorDataLengthIndex))(value, &length));
        var bytes = new byte[checked((int)length)];
        var offsets = new nuint[n];
        fixed (byte* b = bytes)
        fixed (nuint* o = offsets)
        {
            Check(((delegate* unmanaged<IntPtr, byte*, nuint, nuint*, nuint, IntPtr>)Fn(GetStringTensorContentIndex))(
                value, b, length, o, (nuint)n));
        }

        for (var i = 0; i < n; i++)
        {
            var start = (int)offsets[i];
            var end = i + 1 < n ? (int)offsets[i + 1] : bytes.Length;
            result[i] = Encoding.UTF8.GetString(bytes, start, end - start);
        }

        return result;
    }

    internal static OrtValueKind GetValueType(IntPtr value)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(GetValueTypeIndex))(value, &type));
        return (OrtValueKind)type;
    }

    /// <summary>Reads a tensor value's element type and dimensions (the shape info is released before returning).</summary>
    internal static (int ElementType, long[] Dims) GetTensorTypeAndShape(IntPtr value)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(GetTensorTypeAndShapeIndex))(value, &info));
        Interlocked.Increment(ref s_liveObjects);
        try
        {
            return (GetTensorElementType(info), GetDimensions(info));
        }
        finally
        {
            Release(ReleaseTensorTypeAndShapeInfoIndex, info);
        }
    }

    /// <summary>Runs a session; ORT allocates the values written to <paramref name="outputValues"/> and the caller releases them.</summary>
    internal static void Run(IntPtr session, IntPtr* inputNames, IntPtr* inputValues, int inputCount, IntPtr* outputNames, IntPtr* outputValues, int outputCount)
    {
        try
        {
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)Fn(RunIndex))(
                session, IntPtr.Zero, inputNames, inputValues, (nuint)inputCount, outputNames, (nuint)outputCount, outputValues));
        }
        finally
        {
            for (var i = 0; i < outputCount; i++)
            {
                if (outputValues[i] != IntPtr.Zero)
                {
                    Interlocked.Increment(ref s_liveObjects);
                }
            }
        }
    }

    private static IntPtr Fn(int index)
    {
        if (s_api == IntPtr.Zero)
        {
            throw new InvalidOperationException("the ONNX Runtime API is not initialized; call OrtLibrary.TryLoad first");
        }

        return Marshal.ReadIntPtr(s_api, index * IntPtr.Size);
    }

    private static void Release(int index, IntPtr handle)
    {
        if (handle == IntPtr.Zero)
        {
            return;
        }

        ((delegate* unmanaged<IntPtr, void>)Fn(index))(handle);
        Interlocked.Decrement(ref s_liveObjects);
    }

    /// <summary>Throws <see cref="OrtException"/> for a non-null status, after freeing it.</summary>
    private static void Check(IntPtr status)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }

        var code = ((delegate* unmanaged<IntPtr, int>)Fn(GetErrorCodeIndex))(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr, IntPtr>)Fn(GetErrorMessageIndex))(status)) ?? string.Empty;
        ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseStatusIndex))(status);
        throw new OrtException((OrtErrorCode)code, message);
    }
}
