using System.Reflection;
using System.Runtime.InteropServices;

namespace Qc.Planning.Allocation;

/// <summary>Finds and loads GLPK (<c>libglpk.so.40</c>) once per process and serialises every use of it.</summary>
/// <remarks>
/// Search order: the path in <c>QC_GLPK_LIB</c> when that variable is set (and then only that path); else
/// <c>libglpk.so.40</c> through the system loader (Debian's <c>libglpk40</c>, installed by scripts/setup.sh).
/// The outcome is cached. The loaded handle is handed to <see cref="GlpkNative"/>'s <c>[LibraryImport]</c>s by a
/// <see cref="DllImportResolver"/> for this assembly that answers only <see cref="ImportName"/>.
/// GLPK keeps global (per-thread) state and is not re-entrant, so solves hold <see cref="Gate"/>.
/// </remarks>
internal static class GlpkLibrary
{
    /// <summary>The environment variable that names the library file.</summary>
    public const string PathVariable = "QC_GLPK_LIB";

    /// <summary>The file name of the library (its SONAME).</summary>
    public const string FileName = "libglpk.so.40";

    /// <summary>The library name in the <c>[LibraryImport]</c> declarations, mapped by the resolver.</summary>
    public const string ImportName = "qc-glpk";

    private static readonly Lock s_lock = new();
    private static bool s_attempted;
    private static IntPtr s_handle;
    private static string? s_unavailableReason;

    /// <summary>Held around every sequence of GLPK calls.</summary>
    public static Lock Gate { get; } = new();

    /// <summary>GLPK's version string (such as <c>5.0</c>), or null when the library is unavailable.</summary>
    public static string? Version => TryLoad(out _) ? Marshal.PtrToStringUTF8(GlpkNative.Version()) : null;

    /// <summary>Loads the library if that has not been tried yet. Never throws.</summary>
    /// <param name="unavailableReason">Null on success; otherwise what was tried.</param>
    public static bool TryLoad(out string? unavailableReason)
    {
        lock (s_lock)
        {
            if (!s_attempted)
            {
                s_attempted = true;
                s_unavailableReason = Load();
            }

            unavailableReason = s_unavailableReason;
            return s_unavailableReason is null;
        }
    }

    private static string? Load()
    {
        var reason = Open(Environment.GetEnvironmentVariable(PathVariable), out var handle);
        if (reason is null)
        {
            s_handle = handle;
            NativeLibrary.SetDllImportResolver(typeof(GlpkLibrary).Assembly, Resolve);
        }

        return reason;
    }

    /// <summary>Opens the library at <paramref name="configured"/> (or <see cref="FileName"/> when null or empty) and checks
    /// that it is GLPK; returns null on success, else why not. Registers nothing.</summary>
    internal static string? Open(string? configured, out IntPtr handle)
    {
        var path = string.IsNullOrEmpty(configured) ? FileName : configured;
        if (!NativeLibrary.TryLoad(path, out handle))
        {
            return string.IsNullOrEmpty(configured)
                ? $"GLPK ('{FileName}') cannot be loaded by the system loader"
                : $"GLPK cannot be loaded from '{configured}' ({PathVariable})";
        }

        if (!NativeLibrary.TryGetExport(handle, "glp_intopt", out _) || !NativeLibrary.TryGetExport(handle, "glp_init_iocp", out _))
        {
            NativeLibrary.Free(handle);
            handle = IntPtr.Zero;
            return $"'{path}' is not GLPK: it has no 'glp_intopt'";
        }

        return null;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == ImportName ? s_handle : IntPtr.Zero;
}
