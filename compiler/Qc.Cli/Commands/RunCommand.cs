using System.CommandLine;
using Qc.Driver.Packages;

namespace Qc.Cli.Commands;

/// <summary><c>qc run</c>: runs a package on this machine with qc's runtime and writes its outputs as .npy files.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var package = new Argument<string>("package") { Description = "The package (.qcpkg)" };
        var inputs = new PackageInputOptions(randomByDefault: false, withSamples: false);
        var outDir = new Option<string?>("--output-dir", "-o") { Description = "Folder for the output .npy files (default: the current folder)" };
        var outputs = new Option<string[]>("--output")
        {
            Description = "Write an output to this .npy file, as NAME=FILE or FILE in output order (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: every core)" };
        var profile = new Option<bool>("--profile") { Description = "Print the time of every kernel" };
        var command = new Command("run", "Run a package on this machine and write its outputs as .npy files") { package, outDir, outputs, threads, profile };
        inputs.AddTo(command);
        command.SetAction(parse =>
        {
            var request = new PackageRunRequest(parse.GetValue(package)!, inputs.Source(parse))
            {
                OutputDirectory = parse.GetValue(outDir),
                OutputFiles = parse.GetValue(outputs) ?? [],
                Threads = parse.GetValue(threads),
                Target = parse.GetValue(inputs.Target),
                Profile = parse.GetValue(profile),
            };
            var outcome = PackageRun.Run(request);
            QcCommand.PrintDiagnostics(stderr, outcome.Diagnostics, parse.GetValue(format));
            if (!outcome.Success)
            {
                return ExitCodes.InputErrors;
            }

            stdout.Write(outcome.Format());
            return ExitCodes.Success;
        });
        return command;
    }
}
