using System.CommandLine;
using Qc.Driver.Packages;

namespace Qc.Cli.Commands;

/// <summary><c>qc verify</c>: runs a package and its ONNX model on ONNX Runtime on the same inputs and compares the outputs.</summary>
internal static class VerifyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var package = new Argument<string>("package") { Description = "The package (.qcpkg)" };
        var against = new Option<string>("--against") { Description = "The ONNX model the package was compiled from", Required = true };
        var inputs = new PackageInputOptions(randomByDefault: true, withSamples: true);
        var tolerance = new Option<double>("--tolerance-sqnr")
        {
            Description = "Fail when an output's SQNR against ONNX Runtime is below this many dB",
            DefaultValueFactory = _ => PackageVerifyRequest.DefaultThresholdDb,
        };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for qc and intra-op threads for ONNX Runtime (default: every core)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("verify", "Compare a package's outputs with ONNX Runtime's on the same inputs (max abs/rel error, SQNR, cosine)")
        {
            package, against, tolerance, threads, json,
        };
        inputs.AddTo(command);
        command.SetAction(parse =>
        {
            var request = new PackageVerifyRequest(parse.GetValue(package)!, parse.GetValue(against)!, inputs.Source(parse))
            {
                ThresholdDb = parse.GetValue(tolerance),
                Threads = parse.GetValue(threads),
                Target = parse.GetValue(inputs.Target),
            };
            var (report, diagnostics) = PackageVerify.Run(request);
            if (report is not null)
            {
                stdout.Write(parse.GetValue(json) ? report.FormatJson() : report.Format());
            }

            QcCommand.PrintDiagnostics(stderr, diagnostics, parse.GetValue(format));
            return report is { Passed: true } && !diagnostics.Any(d => d.IsError) ? ExitCodes.Success : ExitCodes.InputErrors;
        });
        return command;
    }
}
