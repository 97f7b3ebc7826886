using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qc.Core.Diagnostics;
using Qc.OnnxRuntime;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>What <c>qc bench</c> should do.</summary>
/// <param name="PackagePath">The .qcpkg file.</param>
/// <param name="Inputs">Input files or random inputs (one sample).</param>
public sealed record PackageBenchRequest(string PackagePath, PackageInputSource Inputs)
{
    /// <summary>The ONNX model to time with ONNX Runtime in the same run; null times qc alone.</summary>
    public string? ModelPath { get; init; }

    /// <summary>CPU threads for qc and intra-op threads for ONNX Runtime.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Untimed runs before timing, per runtime.</summary>
    public int Warmup { get; init; } = 5;

    /// <summary>Timed runs per runtime.</summary>
    public int Iterations { get; init; } = 50;

    /// <summary>The target to run; null picks the best CPU target for this host.</summary>
    public string? Target { get; init; }

    /// <summary>Also profile qc's kernels (in separate runs after timing, so timing is not disturbed).</summary>
    public bool Profile { get; init; }
}

/// <summary>Latencies of qc's runtime and, when a model was given, of ONNX Runtime measured in the same run.</summary>
public sealed record PackageBenchReport(
    string PackagePath, string? ModelPath, string Target, int Threads, int Warmup, string InputsText, LatencyStats Qc, LatencyStats? Ort, QcProfile? Profile)
{
    /// <summary>qc's median over ONNX Runtime's (below 1: qc is faster); null without a model.</summary>
    public double? MedianRatio => Ort is null ? null : Qc.MedianMs / Ort.MedianMs;

    /// <summary>qc's p90 over ONNX Runtime's; null without a model.</summary>
    public double? P90Ratio => Ort is null ? null : Qc.P90Ms / Ort.P90Ms;

    /// <summary>The human-readable report.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        var threads = Inv($"{Threads} thread{(Threads == 1 ? "" : "s")}");
        sb.Append(Inv($"bench {PackagePath}: target {Target}, {threads}, {Warmup} warm-up + {Qc.Runs} timed runs, inputs {InputsText}\n"));
        if (ModelPath is not null)
        {
            sb.Append(Inv($"  against {ModelPath} on ONNX Runtime, {Threads} intra-op thread{(Threads == 1 ? "" : "s")}\n"));
        }

        var rows = new List<string[]> { new[] { "runtime", "median ms", "p90 ms", "mean ms", "min ms", "max ms" }, Row("qc", Qc) };
        if (Ort is not null)
        {
            rows.Add(Row("onnxruntime", Ort));
        }

        sb.Append(TextTable.Format(rows, "  "));
        sb.Append(MedianRatio is { } median && P90Ratio is { } p90
            ? Inv($"ratio qc/ORT: median {median:0.00}x, p90 {p90:0.00}x (below 1: qc is faster)\n")
            : "ratio qc/ORT: not measured (pass --against model.onnx)\n");
        if (Profile is not null)
        {
            sb.Append(ProfileText.Format(Profile));
        }

        return sb.ToString();
    }

    /// <summary>The report as JSON (schema in specs/cli.md).</summary>
    public string FormatJson() => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("package", PackagePath);
        if (ModelPath is null)
        {
            w.WriteNull("model");
        }
        else
        {
            w.WriteString("model", ModelPath);
        }

        w.WriteString("target", Target);
        w.WriteNumber("threads", Threads);
        w.WriteNumber("warmup", Warmup);
        w.WriteNumber("iterations", Qc.Runs);
        w.WriteString("inputs", InputsText);
        WriteStats(w, "qc", Qc);
        WriteStats(w, "onnxruntime", Ort);
        WriteRatio(w, "medianRatio", MedianRatio);
        WriteRatio(w, "p90Ratio", P90Ratio);
        if (Profile is not null)
        {
            w.WriteStartArray("profile");
            foreach (var k in Profile.Kernels)
            {
                w.WriteStartObject();
                w.WriteNumber("index", k.Index);
                w.WriteString("name", k.Name);
                w.WriteString("symbol", k.Symbol);
                w.WriteNumber("calls", k.Calls);
                w.WriteNumber("totalMs", k.Total.TotalMilliseconds);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    });

    private static void WriteStats(System.Text.Json.Utf8JsonWriter w, string name, LatencyStats? s)
    {
        if (s is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("medianMs", s.MedianMs);
        w.WriteNumber("p90Ms", s.P90Ms);
        w.WriteNumber("meanMs", s.MeanMs);
        w.WriteNumber("minMs", s.MinMs);
        w.WriteNumber("maxMs", s.MaxMs);
        w.WriteEndObject();
    }

    private static void WriteRatio(System.Text.Json.Utf8JsonWriter w, string name, double? ratio)
    {
        if (ratio is { } r)
        {
            JsonText.WriteMetric(w, name, r);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string[] Row(string name, LatencyStats s) =>
        [name, Ms(s.MedianMs), Ms(s.P90Ms), Ms(s.MeanMs), Ms(s.MinMs), Ms(s.MaxMs)];

    /// <summary>Milliseconds with three decimals, and up to six below 1 ms so that small models do not print zeros.</summary>
    private static string Ms(double ms) => ms.ToString(ms >= 1 ? "0.000" : "0.000###", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Times a package on qc's runtime and, in the same run and with the same thread count, its ONNX model on
/// ONNX Runtime (<c>qc bench</c>).</summary>
public static class PackageBench
{
    /// <summary>Runs the request. Never throws for bad input.</summary>
    public static (PackageBenchReport? Report, ImmutableArray<Diagnostic> Diagnostics) Run(PackageBenchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bag = new DiagnosticBag();
        if (!PackageLoader.CheckThreads(request.Threads, bag))
        {
            return (null, [.. bag]);
        }

        if (request.Warmup < 0 || request.Iterations < 1)
        {
            PackageDiagnostics.BadArgument(bag, request.Iterations < 1
                ? $"--iterations must be at least 1, not {request.Iterations}"
                : $"--warmup must be at least 0, not {request.Warmup}");
            return (null, [.. bag]);
        }

        var options = new QcOptions { Threads = request.Threads, Target = request.Target };
        using var model = PackageLoader.Load(request.PackagePath, options, bag);
        if (model is null)
        {
            return (null, [.. bag]);
        }

        using var reference = request.ModelPath is null ? null : OrtReference.Open(request.ModelPath, request.Threads, model, bag);
        var samples = PackageInputs.Bind(request.Inputs, model.Inputs, bag);
        if (samples is null || (request.ModelPath is not null && reference is null))
        {
            return (null, [.. bag]);
        }

        if (samples.Count != 1)
        {
            PackageDiagnostics.BadArgument(bag, "qc bench times one input set; --samples must be 1");
            return (null, [.. bag]);
        }

        var inputs = samples[0];
        // One checked run of each first: a bad input or a failing model is reported, not timed.
        if (PackageLoader.Run(model, request.PackagePath, inputs, bag) is null || (reference is not null && reference.Run(inputs, bag) is null))
        {
            return (null, [.. bag]);
        }

        var qc = TimeQc(model, inputs, request.Warmup, request.Iterations);
        LatencyStats? ort = null;
        if (reference is not null)
        {
            var converted = OrtReference.Convert(inputs);
            try
            {
                ort = Time(() => reference.RunConverted(converted), request.Warmup, request.Iterations);
            }
            catch (OrtException e)
            {
                PackageDiagnostics.OrtFailed(bag, reference.ModelPath, e.Message);
                return (null, [.. bag]);
            }
        }

        QcProfile? profile = null;
        if (request.Profile)
        {
            using var profiled = PackageLoader.Load(request.PackagePath, options with { Profile = true }, bag);
            if (profiled is null)
            {
                return (null, [.. bag]);
            }

            TimeQc(profiled, inputs, request.Warmup, request.Iterations, resetProfileAfterWarmup: true);
            profile = profiled.Profile;
        }

        return (new PackageBenchReport(request.PackagePath, request.ModelPath, model.Target.Name, model.Threads, request.Warmup,
            request.Inputs.Describe(), qc, ort, profile), [.. bag]);
    }

    /// <summary>Times qc on raw bytes in manifest order into preallocated outputs (no allocation per run).</summary>
    private static LatencyStats TimeQc(QcModel model, IReadOnlyDictionary<string, QcTensor> inputs, int warmup, int iterations, bool resetProfileAfterWarmup = false)
    {
        var inputMemory = model.Inputs.Select(i => (ReadOnlyMemory<byte>)inputs[i.Name].Data).ToArray();
        var outputMemory = model.Outputs.Select(o => (Memory<byte>)QcTensor.Zeros(o.DType, o.Shape).Data).ToArray();
        return Time(() => model.Run(inputMemory, outputMemory), warmup, iterations, resetProfileAfterWarmup ? model.ResetProfile : null);
    }

    private static LatencyStats Time(Action run, int warmup, int iterations, Action? afterWarmup = null)
    {
        for (var i = 0; i < warmup; i++)
        {
            run();
        }

        afterWarmup?.Invoke();
        var ms = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return LatencyStats.From(ms);
    }
}
