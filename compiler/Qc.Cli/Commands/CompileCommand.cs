using System.CommandLine;
using System.Globalization;
using System.Text;
using Qc.Driver.Compile;
using Qc.Driver.Emit;

namespace Qc.Cli.Commands;

/// <summary><c>qc compile recipe.yaml --emit onnx [-o DIR]</c>: calibrates, allocates, compresses, gates and writes the QDQ
/// ONNX model and plan.json; prints the per-layer report on stdout and progress on stderr.</summary>
internal static class CompileCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var recipe = new Argument<string>("recipe") { Description = "The recipe (.yaml)" };
        var emit = new Option<string>("--emit") { Description = "What to write: onnx (QDQ model + plan.json) or package (.qcpkg)", DefaultValueFactory = _ => "package" };
        emit.AcceptOnlyFromAmong("onnx", "package");
        var output = new Option<string?>("--output", "-o") { Description = "Output: a folder, or with the package emit a .qcpkg file (overrides the recipe's 'output:')" };
        var target = new Option<string[]>("--target") { Description = "Package target, repeatable (x86_64-linux-gnu:znver4, aarch64-linux-gnu:neoverse-n1, nvptx64-nvidia-cuda:sm_80, host); default: the recipe's 'target:'", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var rounds = new Option<int>("--max-rounds") { Description = "Allocation rounds at most while the accuracy gate fails", DefaultValueFactory = _ => 3 };
        var samples = new Option<int>("--sensitivity-samples") { Description = "Calibration samples for measured sensitivities", DefaultValueFactory = _ => 64 };
        var bias = new Option<bool>("--bias-correction") { Description = "Correct biases for the mean shift of compressed weights" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr" };
        var command = new Command("compile", "Compress a model as its recipe says and write the result")
        {
            recipe, emit, output, target, rounds, samples, bias, quiet,
        };
        command.SetAction(parse =>
        {
            var request = new CompileRequest(parse.GetValue(recipe)!)
            {
                Emit = parse.GetValue(emit) == "onnx" ? CompileEmit.Onnx : CompileEmit.Package,
                OutputDirectory = parse.GetValue(output),
                MaxRounds = Math.Max(1, parse.GetValue(rounds)),
                SensitivitySamples = Math.Max(1, parse.GetValue(samples)),
                BiasCorrection = parse.GetValue(bias),
            };
            var progress = parse.GetValue(quiet) ? null : ProgressRenderer.For(stderr);
            if (request.Emit == CompileEmit.Package)
            {
                var emitted = PackageEmit.Run(new PackageEmitRequest(request) { Targets = [.. parse.GetValue(target) ?? []] }, progress);
                progress?.Close();
                QcCommand.PrintDiagnostics(stderr, emitted.Diagnostics, parse.GetValue(format));
                if (emitted.Compression is { Layers.IsEmpty: false } compressed)
                {
                    stdout.Write(Report(request.RecipePath, compressed));
                }

                stdout.Write(PackageEmitText.Summary(request.RecipePath, emitted));
                return emitted.Success ? ExitCodes.Success : ExitCodes.InputErrors;
            }

            if (parse.GetValue(target) is { Length: > 0 })
            {
                QcCommand.PrintDiagnostics(stderr, [PackageEmitText.TargetWithOnnxEmit()], parse.GetValue(format));
                return ExitCodes.Usage;
            }

            var outcome = CompilePhase.Run(request, progress);
            progress?.Close();
            QcCommand.PrintDiagnostics(stderr, outcome.Diagnostics, parse.GetValue(format));
            if (!outcome.Layers.IsEmpty)
            {
                stdout.Write(Report(request.RecipePath, outcome));
            }

            return outcome.Success ? ExitCodes.Success : ExitCodes.InputErrors;
        });
        return command;
    }

    /// <summary>A latency estimate in microseconds or milliseconds, four significant digits (<c>812.5 us</c>, <c>1.234 ms</c>).</summary>
    internal static string Seconds(double seconds) => Math.Abs(seconds) >= 1e-3
        ? (seconds * 1e3).ToString("G4", CultureInfo.InvariantCulture) + " ms"
        : (seconds * 1e6).ToString("G4", CultureInfo.InvariantCulture) + " us";

    /// <summary>The terminal report: one row per layer, the allocation rounds, totals, metrics and the gate verdict.</summary>
    internal static string Report(string recipe, CompileOutcome o)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"compiled {recipe}\n\n");
        var nameWidth = Math.Max(4, o.Layers.Max(l => l.Name.Length));
        var codecWidth = Math.Max(7, o.Layers.Max(l => l.Weights.Length));
        sb.Append(inv, $" #  {"name".PadRight(nameWidth)}  {"op",-6}  {"weights".PadRight(codecWidth)}  {"bytes",9}  {"fp32",9}  {"output_mse",11}  {"hess_proxy",11}  decided by\n");
        for (var i = 0; i < o.Layers.Length; i++)
        {
            var l = o.Layers[i];
            var chosen = l.Candidates.FirstOrDefault(c => c.Candidate == l.Weights);
            var mse = chosen is null ? "-" : chosen.OutputMse.ToString("0.###e+0", inv);
            var proxy = chosen?.HessianProxy is { } h ? h.ToString("0.###e+0", inv) : "-";
            sb.Append(inv, $"{i,2}  {l.Name.PadRight(nameWidth)}  {l.OpType,-6}  {l.Weights.PadRight(codecWidth)}  {l.StoredBytes,9}  {l.Float32Bytes,9}  {mse,11}  {proxy,11}  {l.DecidedBy}\n");
        }

        sb.Append(inv, $"\nsize: {o.TotalBytes} bytes of {o.Fp32Bytes} at fp32 ({100.0 * o.TotalBytes / Math.Max(1, o.Fp32Bytes):0.0}%)\n");
        sb.Append(inv, $"latency: {Seconds(o.LatencySeconds)} estimated");
        if (o.Fp32LatencySeconds > 0)
        {
            sb.Append(inv, $" of {Seconds(o.Fp32LatencySeconds)} at fp32 ({100.0 * o.LatencySeconds / o.Fp32LatencySeconds:0.0}%)");
        }

        sb.Append('\n');
        foreach (var b in o.Budgets)
        {
            var (used, limit) = b.Resource == "latency" ? (Seconds(b.Used), Seconds(b.Limit)) : (b.Used.ToString("0.###", inv), b.Limit.ToString("0.###", inv));
            sb.Append(inv, $"budget: {b.Text}: {used} of {limit} ({b.Resource})\n");
        }

        foreach (var r in o.Rounds)
        {
            var metrics = r.Evaluation is { } e ? ", " + Metrics(e) : string.Empty;
            sb.Append(inv, $"round {r.Round}: predicted mse {r.PredictedMse:0.###e+0}, measured mse {r.MeasuredMse:0.###e+0}{metrics} -> gate {(r.GatePassed ? "passed" : "failed")}\n");
        }

        if (o.Evaluation is { } ev)
        {
            sb.Append(inv, $"evaluation on {ev.Samples} samples: {Metrics(ev)}\n");
        }

        sb.Append(o.Gate is { } g ? $"gate: {g}: {(o.GatePassed ? "passed" : "FAILED")}\n" : "gate: none\n");
        if (o.ModelPath is { } m)
        {
            sb.Append(inv, $"wrote {m}\nwrote {o.PlanPath}\n");
        }

        if (o.Timings is { } t)
        {
            sb.Append(inv, $"time: calibration {t.Calibration.TotalSeconds:0.0} s{(t.CalibrationCached ? " (cached)" : string.Empty)}, sensitivity {t.Sensitivity.TotalSeconds:0.0} s{(t.SensitivityCached ? " (cached)" : string.Empty)}, solve {t.Solve.TotalMilliseconds:0.0} ms, evaluation {t.Evaluation.TotalSeconds:0.0} s, total {t.Total.TotalSeconds:0.0} s\n");
        }

        return sb.ToString();
    }

    private static string Metrics(EvaluationRecord e) => string.Join(", ",
        e.Values.Where(kv => kv.Key is "top1" or "top1_ref" or "agreement" or "sqnr" or "cosine" || kv.Key.EndsWith("_drop", StringComparison.Ordinal))
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0.####}")));
}
