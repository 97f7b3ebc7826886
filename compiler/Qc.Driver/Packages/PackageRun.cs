using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Qc.Core.Diagnostics;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>What <c>qc run</c> should do.</summary>
/// <param name="PackagePath">The .qcpkg file.</param>
/// <param name="Inputs">Input files or random inputs (one sample).</param>
public sealed record PackageRunRequest(string PackagePath, PackageInputSource Inputs)
{
    /// <summary>The folder for outputs not bound by <see cref="OutputFiles"/> (<c>NAME.npy</c>); null writes them to the
    /// current folder when no output is bound, and not at all otherwise.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Output bindings <c>NAME=FILE</c>, or a bare <c>FILE</c> for the next unbound output in order.</summary>
    public IReadOnlyList<string> OutputFiles { get; init; } = [];

    /// <summary>CPU threads; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>The target to run; null picks the best CPU target for this host.</summary>
    public string? Target { get; init; }

    /// <summary>Time every kernel call.</summary>
    public bool Profile { get; init; }
}

/// <summary>One output of a run and the file it was written to (null when not written).</summary>
public sealed record PackageRunOutput(string Name, QcTensor Tensor, string? Path);

/// <summary>The outputs, the target and threads used, the per-kernel profile (when asked) and diagnostics of a run.</summary>
public sealed record PackageRunOutcome(
    IReadOnlyList<PackageRunOutput> Outputs, string? Target, int Threads, string InputsText, QcProfile? Profile, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when the run produced its outputs without errors.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);

    /// <summary>The report <c>qc run</c> prints: target, one line per output with its file and value range, the profile.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"target {Target}, {Threads} thread{(Threads == 1 ? "" : "s")}, inputs {InputsText}\n");
        foreach (var o in Outputs)
        {
            var type = PackageDiagnostics.TypeText(o.Tensor.DType, o.Tensor.Shape);
            sb.Append(CultureInfo.InvariantCulture, $"{o.Name}: {type} -> {o.Path ?? "(not written)"}{Stats(o.Tensor)}\n");
        }

        if (Profile is { } p)
        {
            sb.Append(ProfileText.Format(p));
        }

        return sb.ToString();
    }

    private static string Stats(QcTensor t)
    {
        if (t.ElementCount == 0)
        {
            return "";
        }

        var v = PackageTensors.ToCore(t).ToDoubleArray();
        return string.Create(CultureInfo.InvariantCulture, $"  (min {v.Min():G6}, max {v.Max():G6}, mean {v.Average():G6})");
    }
}

/// <summary>Runs a package on this machine with the runtime (<c>qc run</c>) and writes its outputs as .npy files.</summary>
public static class PackageRun
{
    /// <summary>Runs the request. Never throws for bad input.</summary>
    public static PackageRunOutcome Run(PackageRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bag = new DiagnosticBag();
        PackageRunOutcome Fail() => new([], null, 0, request.Inputs.Describe(), null, [.. bag]);
        if (!PackageLoader.CheckThreads(request.Threads, bag))
        {
            return Fail();
        }

        var options = new QcOptions { Threads = request.Threads, Target = request.Target, Profile = request.Profile };
        using var model = PackageLoader.Load(request.PackagePath, options, bag);
        if (model is null)
        {
            return Fail();
        }

        var inputs = PackageInputs.Bind(request.Inputs, model.Inputs, bag);
        var paths = OutputPaths(request, model.Outputs, bag);
        if (inputs is null || paths is null)
        {
            return Fail();
        }

        var outputs = PackageLoader.Run(model, request.PackagePath, inputs[0], bag);
        if (outputs is null)
        {
            return Fail();
        }

        var written = new List<PackageRunOutput>();
        foreach (var spec in model.Outputs)
        {
            var path = paths[spec.Name];
            if (path is not null && !Write(path, outputs[spec.Name], bag))
            {
                return Fail();
            }

            written.Add(new PackageRunOutput(spec.Name, outputs[spec.Name], path));
        }

        return new PackageRunOutcome(written, model.Target.Name, model.Threads, request.Inputs.Describe(),
            request.Profile ? model.Profile : null, [.. bag]);
    }

    /// <summary>Where each output goes (null: not written), or null after reporting bad bindings.</summary>
    private static Dictionary<string, string?>? OutputPaths(PackageRunRequest request, IReadOnlyList<ManifestTensor> outputs, DiagnosticBag bag)
    {
        var errors = bag.Count(d => d.IsError);
        var bound = PackageBindings.Resolve(request.OutputFiles, outputs, "output", bag);
        if (bag.Count(d => d.IsError) > errors)
        {
            return null;
        }

        var paths = bound.ToDictionary(b => b.Tensor.Name, b => (string?)b.File, StringComparer.Ordinal);
        var dir = request.OutputDirectory ?? (request.OutputFiles.Count == 0 ? "." : null);
        foreach (var o in outputs)
        {
            paths.TryAdd(o.Name, dir is null ? null : Path.Combine(dir, FileNameFor(o.Name) + ".npy"));
        }

        return paths;
    }

    private static bool Write(string path, QcTensor tensor, DiagnosticBag bag)
    {
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }

            QcNpy.Write(path, tensor);
            return true;
        }
        catch (QcRuntimeException e)
        {
            PackageDiagnostics.CannotWriteOutput(bag, path, e.Detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            PackageDiagnostics.CannotWriteOutput(bag, path, e.Message);
        }

        return false;
    }

    /// <summary>A file name for a tensor name: characters other than letters, digits, '.', '-' and '_' become '_'.</summary>
    private static string FileNameFor(string name)
    {
        var s = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).Trim('.');
        return s.Length == 0 ? "output" : s;
    }
}
