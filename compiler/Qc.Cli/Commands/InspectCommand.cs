using System.CommandLine;
using Qc.Driver.Packages;

namespace Qc.Cli.Commands;

/// <summary><c>qc inspect</c>: validates a package and describes it (targets, kernels, memory plan, sizes, provenance).</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var package = new Argument<string>("package") { Description = "The package (.qcpkg)" };
        var json = new Option<bool>("--json") { Description = "Print the description as JSON" };
        var command = new Command("inspect", "Validate a package and list its targets, kernels, memory plan, sections and provenance") { package, json };
        command.SetAction(parse =>
        {
            var (inspection, diagnostics) = PackageInspect.Run(parse.GetValue(package)!);
            QcCommand.PrintDiagnostics(stderr, diagnostics, parse.GetValue(format));
            if (inspection is null)
            {
                return ExitCodes.InputErrors;
            }

            stdout.Write(parse.GetValue(json) ? inspection.FormatJson() : inspection.Format());
            return ExitCodes.Success;
        });
        return command;
    }
}
