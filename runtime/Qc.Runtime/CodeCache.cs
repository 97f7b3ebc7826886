using System.Security.Cryptography;

namespace Qc.Runtime;

/// <summary>Where code sections become files for <c>dlopen</c>: <c>&lt;cache&gt;/&lt;sha256&gt;.so</c>, written atomically
/// (temporary file and rename) and re-verified by hash before reuse.</summary>
/// <remarks>The folder is <see cref="QcOptions.CacheDirectory"/>, else <c>$XDG_CACHE_HOME/qc/code</c>, else
/// <c>~/.cache/qc/code</c>, else <c>&lt;temp&gt;/qc-cache/code</c>.</remarks>
internal static class CodeCache
{
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "qc", "code");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 && Directory.Exists(home)
            ? Path.Combine(home, ".cache", "qc", "code")
            : Path.Combine(Path.GetTempPath(), "qc-cache", "code");
    }

    /// <summary>The path of a file holding exactly <paramref name="bytes"/> (whose sha256 is <paramref name="sha256"/>).</summary>
    public static string Materialise(string directory, string sha256, ReadOnlySpan<byte> bytes, string extension)
    {
        var path = Path.Combine(directory, sha256 + extension);
        try
        {
            if (File.Exists(path) && Matches(path, sha256))
            {
                return path;
            }

            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, $".{sha256}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(bytes);
                }

                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.CodeCache, $"cannot write the code cache '{directory}': {e.Message} (set QcOptions.CacheDirectory or XDG_CACHE_HOME)", e);
        }
    }

    private static bool Matches(string path, string sha256)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream)) == sha256;
    }
}
