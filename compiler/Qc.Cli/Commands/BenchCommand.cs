using System.CommandLine;
using Qc.Driver.Packages;

namespace Qc.Cli.Commands;

/// <summary><c>qc bench</c>: times a package and, in the same run with the same threads, its ONNX model on ONNX Runtime.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var package = new Argument<string>("package") { Description = "The package (.qcpkg)" };
        var against = new Option<string?>("--against", "--vs-onnx") { Description = "The ONNX model to time on ONNX Runtime in the same run" };
        var inputs = new PackageInputOptions(randomByDefault: true, withSamples: false);
        var threads = new Option<int>("--threads") { Description = "CPU threads for qc and intra-op threads for ONNX Runtime", DefaultValueFactory = _ => 1 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed runs before timing, per runtime", DefaultValueFactory = _ => 5 };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs per runtime", DefaultValueFactory = _ => 50 };
        var profile = new Option<bool>("--profile") { Description = "Also print qc's per-kernel times (measured in separate runs)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("bench", "Time a package against ONNX Runtime (same inputs, same threads) and print median/p90 latency and the ratio")
        {
            package, against, threads, warmup, iterations, profile, json,
        };
        inputs.AddTo(command);
        command.SetAction(parse =>
        {
            var request = new PackageBenchRequest(parse.GetValue(package)!, inputs.Source(parse))
            {
                ModelPath = parse.GetValue(against),
                Threads = parse.GetValue(threads),
                Warmup = parse.GetValue(warmup),
                Iterations = parse.GetValue(iterations),
                Target = parse.GetValue(inputs.Target),
                Profile = parse.GetValue(profile),
            };
            var (report, diagnostics) = PackageBench.Run(request);
            QcCommand.PrintDiagnostics(stderr, diagnostics, parse.GetValue(format));
            if (report is null)
            {
                return ExitCodes.InputErrors;
            }

            stdout.Write(parse.GetValue(json) ? report.FormatJson() : report.Format());
            return ExitCodes.Success;
        });
        return command;
    }
}
