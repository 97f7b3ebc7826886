namespace Qc.OnnxRuntime;

/// <summary>The process-wide <c>OrtEnv</c> and default CPU allocator, created on first use and kept for the life of the process.</summary>
/// <remarks>
/// The environment is never released: ORT requires it to outlive every session, and sessions may be finalized late.
/// Logging is set to FATAL so that ORT prints nothing; every error reaches the caller as an <see cref="OrtException"/>.
/// </remarks>
internal static class OrtEnvironment
{
    private const int LogLevelFatal = 4;

    private static readonly Lock s_lock = new();
    private static IntPtr s_env;
    private static IntPtr s_allocator;

    /// <summary>The <c>OrtEnv*</c>; loads the library first.</summary>
    /// <exception cref="OrtException">The library is unavailable or ORT refused to create the environment.</exception>
    public static IntPtr Env
    {
        get
        {
            EnsureCreated();
            return s_env;
        }
    }

    /// <summary>ORT's default CPU allocator (not owned; never released).</summary>
    public static IntPtr Allocator
    {
        get
        {
            EnsureCreated();
            return s_allocator;
        }
    }

    private static void EnsureCreated()
    {
        lock (s_lock)
        {
            if (s_env != IntPtr.Zero)
            {
                return;
            }

            OrtLibrary.EnsureLoaded();
            var env = NativeApi.CreateEnv(LogLevelFatal, "qc");
            s_allocator = NativeApi.GetDefaultAllocator();
            s_env = env;
        }
    }
}
