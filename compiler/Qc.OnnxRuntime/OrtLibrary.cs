using System.Runtime.InteropServices;

namespace Qc.OnnxRuntime;

/// <summary>Finds and loads the ONNX Runtime C library (<c>libonnxruntime.so.1</c>) once per process.</summary>
/// <remarks>
/// Search order: the path in the environment variable <c>QC_ORT_LIB</c> when it is set (and then only that path); else
/// <c>.cache/onnxruntime/libonnxruntime.so.1</c> in the repository, found by walking up from <see cref="AppContext.BaseDirectory"/>
/// to the folder holding <c>Compiler.sln</c>; else <c>libonnxruntime.so.1</c> through the system loader.
/// The outcome, success or failure, is cached: later calls give the same answer.
/// </remarks>
public static unsafe class OrtLibrary
{
    /// <summary>The environment variable that names the library file.</summary>
    public const string PathVariable = "QC_ORT_LIB";

    /// <summary>The file name of the library (its SONAME).</summary>
    public const string FileName = "libonnxruntime.so.1";

    /// <summary>The <c>OrtApi</c> version requested: the binding uses only version-1 entries, so any 1.x library serves.</summary>
    public const uint ApiVersion = 1;

    private static readonly Lock s_lock = new();
    private static bool s_attempted;
    private static string? s_unavailableReason;
    private static string? s_loadedPath;
    private static string? s_version;

    /// <summary>The path (or bare file name, when the system loader found it) of the loaded library; null before a successful load.</summary>
    public static string? LoadedPath
    {
        get
        {
            lock (s_lock)
            {
                return s_loadedPath;
            }
        }
    }

    /// <summary>The library's version string, such as <c>1.30.0</c>.</summary>
    /// <exception cref="OrtException">The library cannot be loaded.</exception>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return s_version!;
        }
    }

    /// <summary>Loads the library if that has not been tried yet. Never throws.</summary>
    /// <param name="unavailableReason">Null on success; otherwise where the library was looked for and how to provide it.</param>
    /// <returns>True when the library is loaded and its API table is available.</returns>
    public static bool TryLoad(out string? unavailableReason)
    {
        lock (s_lock)
        {
            if (!s_attempted)
            {
                s_attempted = true;
                try
                {
                    s_unavailableReason = Load();
                }
                catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException or IOException or UnauthorizedAccessException)
                {
                    s_unavailableReason = $"ONNX Runtime could not be loaded: {e.Message}. Run scripts/setup.sh or set {PathVariable}.";
                }
            }

            unavailableReason = s_unavailableReason;
            return s_unavailableReason is null;
        }
    }

    /// <summary>Throws <see cref="OrtException"/> with the reason when the library is unavailable.</summary>
    internal static void EnsureLoaded()
    {
        if (!TryLoad(out var reason))
        {
            throw new OrtException(OrtErrorCode.Fail, reason!);
        }
    }

    /// <summary>The folder holding <c>Compiler.sln</c>, found by walking up from <paramref name="start"/>; null when there is none.</summary>
    internal static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compiler.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Tries the candidates in order; returns null on success or the reason for failure.</summary>
    private static string? Load()
    {
        var fromVariable = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(fromVariable))
        {
            if (!File.Exists(fromVariable))
            {
                return $"{PathVariable} is set to '{fromVariable}', which does not exist. Fix the variable, or unset it and run scripts/setup.sh.";
            }

            return NativeLibrary.TryLoad(fromVariable, out var h)
                ? Bind(h, fromVariable)
                : $"{PathVariable}='{fromVariable}' could not be loaded as a shared library (wrong architecture or missing dependencies). Run scripts/setup.sh or set {PathVariable} to a working {FileName}.";
        }

        var looked = new List<string>();
        var root = FindRepositoryRoot(AppContext.BaseDirectory);
        if (root is not null)
        {
            var cached = Path.Combine(root, ".cache", "onnxruntime", FileName);
            looked.Add(cached);
            if (File.Exists(cached))
            {
                return NativeLibrary.TryLoad(cached, out var h)
                    ? Bind(h, cached)
                    : $"'{cached}' exists but could not be loaded as a shared library. Delete it and run scripts/setup.sh, or set {PathVariable}.";
            }
        }
        else
        {
            looked.Add($"no Compiler.sln above {AppContext.BaseDirectory}, so no repository .cache/onnxruntime");
        }

        looked.Add($"{FileName} on the system library path");
        if (NativeLibrary.TryLoad(FileName, out var system))
        {
            return Bind(system, FileName);
        }

        return $"ONNX Runtime ({FileName}) was not found; looked at: {string.Join("; ", looked)}. Run scripts/setup.sh or set {PathVariable} to the library's path.";
    }

    /// <summary>Resolves <c>OrtGetApiBase</c>, asks for the API table and the version; returns null on success or a reason.</summary>
    private static string? Bind(IntPtr handle, string path)
    {
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
        {
            return $"'{path}' does not export OrtGetApiBase, so it is not ONNX Runtime. Run scripts/setup.sh or set {PathVariable}.";
        }

        var apiBase = ((delegate* unmanaged<IntPtr>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, IntPtr>)Marshal.ReadIntPtr(apiBase, 0);
        var getVersion = (delegate* unmanaged<IntPtr>)Marshal.ReadIntPtr(apiBase, IntPtr.Size);
        var version = Marshal.PtrToStringUTF8(getVersion()) ?? "?";
        var api = getApi(ApiVersion);
        if (api == IntPtr.Zero)
        {
            return $"'{path}' (ONNX Runtime {version}) does not provide OrtApi version {ApiVersion}. Run scripts/setup.sh or set {PathVariable}.";
        }

        NativeApi.Initialize(api);
        s_loadedPath = path;
        s_version = version;
        return null;
    }
}
