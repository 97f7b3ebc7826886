using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Qc.Core.Diagnostics;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>What <c>qc verify</c> should do.</summary>
/// <param name="PackagePath">The .qcpkg file.</param>
/// <param name="ModelPath">The ONNX model it was compiled from (the reference, run on ONNX Runtime).</param>
/// <param name="Inputs">Input files or random inputs (several samples allowed).</param>
public sealed record PackageVerifyRequest(string PackagePath, string ModelPath, PackageInputSource Inputs)
{
    /// <summary>The default SQNR threshold: the bar for float (FP32) packages.</summary>
    public const double DefaultThresholdDb = 60;

    /// <summary>An output passes when its SQNR against ONNX Runtime is at least this many dB.</summary>
    public double ThresholdDb { get; init; } = DefaultThresholdDb;

    /// <summary>CPU threads for qc, and intra-op threads for ONNX Runtime; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>The target to run; null picks the best CPU target for this host.</summary>
    public string? Target { get; init; }
}

/// <summary>The comparison of every output of a package with ONNX Runtime on the same inputs.</summary>
public sealed record PackageVerifyReport(
    string PackagePath, string ModelPath, string Target, int Threads, string InputsText, double ThresholdDb, IReadOnlyList<OutputComparison> Outputs)
{
    /// <summary>True when every output is at or above the threshold.</summary>
    public bool Passed => Outputs.All(o => o.Passed);

    /// <summary>The human-readable report.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"verify {PackagePath} against {ModelPath}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  qc: target {Target}, {Threads} thread{(Threads == 1 ? "" : "s")}; ONNX Runtime: {Threads} intra-op thread{(Threads == 1 ? "" : "s")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  inputs: {InputsText}; threshold: SQNR >= {Db(ThresholdDb)} dB\n");
        var rows = new List<string[]> { new[] { "output", "type", "max abs", "max rel", "SQNR dB", "cosine", "verdict" } };
        rows.AddRange(Outputs.Select(o => new[]
        {
            o.Name, PackageDiagnostics.TypeText(o.DType, o.Shape), Number(o.MaxAbsError, "G4"), Number(o.MaxRelError, "G4"),
            Number(o.SqnrDb, "0.0"), Number(o.Cosine, "0.000000"),
            o.Passed ? "ok" : o.NanMismatches > 0 ? $"FAIL ({o.NanMismatches.ToString(CultureInfo.InvariantCulture)} NaN mismatches)" : "FAIL",
        }));
        sb.Append(TextTable.Format(rows, "  "));
        var failed = Outputs.Count(o => !o.Passed);
        sb.Append(failed == 0
            ? string.Create(CultureInfo.InvariantCulture, $"passed: {Outputs.Count} of {Outputs.Count} output{(Outputs.Count == 1 ? "" : "s")} at or above {Db(ThresholdDb)} dB\n")
            : string.Create(CultureInfo.InvariantCulture, $"FAILED: {failed} of {Outputs.Count} output{(Outputs.Count == 1 ? "" : "s")} below {Db(ThresholdDb)} dB\n"));
        return sb.ToString();
    }

    /// <summary>The report as JSON (schema in specs/cli.md).</summary>
    public string FormatJson() => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("package", PackagePath);
        w.WriteString("model", ModelPath);
        w.WriteString("target", Target);
        w.WriteNumber("threads", Threads);
        w.WriteString("inputs", InputsText);
        w.WriteNumber("thresholdDb", ThresholdDb);
        w.WriteBoolean("passed", Passed);
        w.WriteStartArray("outputs");
        foreach (var o in Outputs)
        {
            w.WriteStartObject();
            w.WriteString("name", o.Name);
            w.WriteString("dtype", Qc.Package.QcDTypes.Name(o.DType));
            JsonText.WriteShape(w, "shape", o.Shape);
            w.WriteNumber("elements", o.Elements);
            JsonText.WriteMetric(w, "maxAbsError", o.MaxAbsError);
            JsonText.WriteMetric(w, "maxRelError", o.MaxRelError);
            JsonText.WriteMetric(w, "sqnrDb", o.SqnrDb);
            JsonText.WriteMetric(w, "cosine", o.Cosine);
            JsonText.WriteMetric(w, "referenceMaxAbs", o.ReferenceMaxAbs);
            w.WriteNumber("nanMismatches", o.NanMismatches);
            w.WriteBoolean("passed", o.Passed);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Db(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : JsonText.MetricText(value);
}

/// <summary>Runs a package with qc's runtime and its ONNX model with ONNX Runtime on the same inputs and compares every
/// output (<c>qc verify</c>).</summary>
public static class PackageVerify
{
    /// <summary>Runs the request. Never throws for bad input. The report is null when nothing could be compared; an output
    /// below the threshold is a QC7307 error next to the report.</summary>
    public static (PackageVerifyReport? Report, ImmutableArray<Diagnostic> Diagnostics) Run(PackageVerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bag = new DiagnosticBag();
        if (!PackageLoader.CheckThreads(request.Threads, bag))
        {
            return (null, [.. bag]);
        }

        if (!double.IsFinite(request.ThresholdDb))
        {
            PackageDiagnostics.BadArgument(bag, "--tolerance-sqnr must be a finite number of dB");
            return (null, [.. bag]);
        }

        using var model = PackageLoader.Load(request.PackagePath, new QcOptions { Threads = request.Threads, Target = request.Target }, bag);
        if (model is null)
        {
            return (null, [.. bag]);
        }

        using var reference = OrtReference.Open(request.ModelPath, model.Threads, model, bag);
        var samples = PackageInputs.Bind(request.Inputs, model.Inputs, bag);
        if (reference is null || samples is null)
        {
            return (null, [.. bag]);
        }

        var accumulators = model.Outputs.Select(_ => new ComparisonAccumulator()).ToArray();
        foreach (var inputs in samples)
        {
            var ours = PackageLoader.Run(model, request.PackagePath, inputs, bag);
            var theirs = reference.Run(inputs, bag);
            if (ours is null || theirs is null)
            {
                return (null, [.. bag]);
            }

            for (var o = 0; o < model.Outputs.Count; o++)
            {
                var spec = model.Outputs[o];
                var expected = theirs[spec.Name];
                if (!expected.Dims.SequenceEqual(spec.Shape))
                {
                    PackageDiagnostics.ReferenceMismatch(bag, request.ModelPath,
                        $"output '{spec.Name}' is {PackageDiagnostics.TypeText(spec.DType, spec.Shape)} from qc but {PackageDiagnostics.TypeText(PackageTensors.Name(expected.ElementType), expected.Dims)} from ONNX Runtime");
                    return (null, [.. bag]);
                }

                accumulators[o].Add(PackageTensors.ToCore(ours[spec.Name]).ToDoubleArray(), expected.ToDoubleArray());
            }
        }

        var outputs = model.Outputs.Select((spec, o) => accumulators[o].Result(spec, request.ThresholdDb)).ToList();
        var report = new PackageVerifyReport(request.PackagePath, request.ModelPath, model.Target.Name, model.Threads, request.Inputs.Describe(),
            request.ThresholdDb, outputs);
        foreach (var o in outputs.Where(o => !o.Passed))
        {
            PackageDiagnostics.BelowThreshold(bag, request.PackagePath, o.Name, double.IsFinite(o.SqnrDb)
                ? o.SqnrDb.ToString("0.0", CultureInfo.InvariantCulture)
                : JsonText.MetricText(o.SqnrDb), request.ThresholdDb, request.Inputs.Random ? o.ReferenceMaxAbs : null);
        }

        return (report, [.. bag]);
    }
}
