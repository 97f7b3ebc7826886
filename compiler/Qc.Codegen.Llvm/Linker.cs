using System.Collections.Immutable;
using System.Diagnostics;
using Qc.Core.Diagnostics;

namespace Qc.Codegen.Llvm;

/// <summary>The result of a link: the shared object's bytes, or null with diagnostics.</summary>
public sealed record LinkResult(byte[]? SharedObject, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when linking produced a shared object.</summary>
    public bool Succeeded => SharedObject is not null;
}

/// <summary>Links object files into a shared object with <c>ld.lld-19 -shared</c>.</summary>
/// <remarks>Inputs are written to a fresh temporary folder, the linker runs with an argument array (no shell), and the
/// folder is deleted afterwards. The caller writes the returned bytes where it wants them (atomically).</remarks>
public sealed class Linker
{
    /// <summary>The linker looked up on PATH when <c>QC_LLD</c> is not set.</summary>
    public const string DefaultLinker = "ld.lld-19";

    /// <summary>Creates a linker using <paramref name="linkerPath"/>, else <c>QC_LLD</c>, else <c>ld.lld-19</c> from PATH.</summary>
    public Linker(string? linkerPath = null)
    {
        LinkerName = linkerPath ?? (Environment.GetEnvironmentVariable("QC_LLD") is { Length: > 0 } env ? env : DefaultLinker);
    }

    /// <summary>The linker as configured (a path or a name to look up on PATH).</summary>
    public string LinkerName { get; }

    /// <summary>The linker's full path, or null when it cannot be found.</summary>
    public string? FindLinker() => FindExecutable(LinkerName);

    /// <summary>Links <paramref name="objects"/> into one shared object named <paramref name="soname"/>.</summary>
    public LinkResult LinkShared(IReadOnlyList<byte[]> objects, string soname = "libqc_kernels.so")
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (FindLinker() is not { } linker)
        {
            return new(null, [CodegenDiagnostics.Linker(LinkerName)]);
        }

        var dir = Directory.CreateTempSubdirectory("qc-link-");
        try
        {
            var start = new ProcessStartInfo(linker)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-shared");
            start.ArgumentList.Add("--build-id=none");
            start.ArgumentList.Add("-soname");
            start.ArgumentList.Add(soname);
            var output = Path.Combine(dir.FullName, soname);
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add(output);
            for (var i = 0; i < objects.Count; i++)
            {
                var input = Path.Combine(dir.FullName, $"input{i}.o");
                File.WriteAllBytes(input, objects[i]);
                start.ArgumentList.Add(input);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start '{linker}'");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var messages = (stdout + stderr.Result).Replace(dir.FullName + "/", "", StringComparison.Ordinal);
            return process.ExitCode != 0
                ? new(null, [CodegenDiagnostics.Link(process.ExitCode, messages)])
                : new(File.ReadAllBytes(output), []);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Finds an executable: a path containing '/' as is, else the first match on PATH.</summary>
    public static string? FindExecutable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
