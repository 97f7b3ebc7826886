using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Driver;
using Qc.Ir.Graph;

namespace Qc.Cli;

/// <summary>The <c>qc</c> command line: a thin shell over Qc.Driver.</summary>
public static class QcCommand
{
    /// <summary>Parses and runs a command line, writing results to <paramref name="stdout"/> and diagnostics to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        var diagnosticsFormat = new Option<string>("--diagnostics")
        {
            Description = "How to print diagnostics: text or json",
            DefaultValueFactory = _ => "text",
            Recursive = true,
        };
        diagnosticsFormat.AcceptOnlyFromAmong("text", "json");
        var root = new RootCommand("qc: a declarative model-compression compiler") { diagnosticsFormat };
        root.Subcommands.Add(ImportCommand(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(RunOnnxCommand(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(CheckCommand(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(PlanCommand(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(Commands.RunCommand.Create(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(Commands.InspectCommand.Create(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(Commands.VerifyCommand.Create(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(Commands.BenchCommand.Create(stdout, stderr, diagnosticsFormat));
        root.Subcommands.Add(Commands.CompileCommand.Create(stdout, stderr, diagnosticsFormat));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                stderr.WriteLine("qc: " + e.Message);
            }

            stderr.WriteLine("run 'qc --help' for usage");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var d = new Diagnostic(new DiagnosticCode(DriverCodes.InternalError), Severity.Error, Location.None,
                $"internal error: {e.GetType().Name}: {e.Message}", "this is a bug in qc; please report it with the command line and input files");
            stderr.Write(DiagnosticFormatter.Format(d));
            stderr.WriteLine(e.StackTrace);
            return ExitCodes.Internal;
        }
    }

    /// <summary>The qc version (assembly informational version).</summary>
    public static string Version => typeof(QcCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static Command ImportCommand(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var model = new Argument<string>("model") { Description = "The ONNX model (.onnx)" };
        var printIr = new Option<bool>("--print-ir") { Description = "Print the graph IR as text" };
        var printConstants = new Option<bool>("--print-constants") { Description = "With --print-ir: also print the contents of every constant" };
        var printLocations = new Option<bool>("--print-locations") { Description = "With --print-ir: print the ONNX node name of each op" };
        var noSummary = new Option<bool>("--no-summary") { Description = "Do not print the summary" };
        var shapes = new Option<string[]>("--input-shape")
        {
            Description = "Pin an input's shape, e.g. x=1x3x640x640 (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("import", "Import an ONNX model, infer shapes, print its graph IR and a summary")
        {
            model, printIr, printConstants, printLocations, noSummary, shapes,
        };
        command.SetAction(parse =>
        {
            var outcome = ModelImport.Run(parse.GetValue(model)!, parse.GetValue(shapes) ?? []);
            PrintDiagnostics(stderr, outcome.Diagnostics, parse.GetValue(format));
            if (!outcome.Success)
            {
                return ExitCodes.InputErrors;
            }

            if (parse.GetValue(printIr))
            {
                stdout.Write(GraphPrinter.Print(outcome.Module!, new PrintOptions(parse.GetValue(printConstants), parse.GetValue(printLocations))));
            }

            if (!parse.GetValue(noSummary))
            {
                stdout.Write(outcome.Summary!.Format());
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  imported in {outcome.Elapsed.TotalMilliseconds:0} ms"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RunOnnxCommand(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var model = new Argument<string>("model") { Description = "The ONNX model (.onnx)" };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "An input tensor file (.npy or TensorProto .pb), as NAME=FILE or FILE in model input order (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var captures = new Option<string[]>("--capture")
        {
            Description = "Also write this intermediate tensor (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var outDir = new Option<string>("--output-dir", "-o") { Description = "Folder for the output .npy files", DefaultValueFactory = _ => "." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => 1 };
        var command = new Command("run-onnx", "Run an ONNX model on ONNX Runtime and write its outputs as .npy files")
        {
            model, inputs, captures, outDir, threads,
        };
        command.SetAction(parse =>
        {
            var request = new OnnxRunRequest(parse.GetValue(model)!, parse.GetValue(inputs) ?? [], parse.GetValue(captures) ?? [],
                Math.Max(1, parse.GetValue(threads)));
            var outcome = OnnxRun.Run(request);
            PrintDiagnostics(stderr, outcome.Diagnostics, parse.GetValue(format));
            if (!outcome.Success)
            {
                return ExitCodes.InputErrors;
            }

            var dir = parse.GetValue(outDir)!;
            try
            {
                Directory.CreateDirectory(dir);
                foreach (var (name, tensor) in outcome.Outputs)
                {
                    var path = Path.Combine(dir, FileNameFor(name) + ".npy");
                    NpyFormat.Write(path, tensor);
                    stdout.WriteLine($"{name}: {TensorType.Of(tensor.ElementType, tensor.Dims)} -> {path}{Stats(tensor)}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                var d = new Diagnostic(new DiagnosticCode(DriverCodes.CannotWriteOutput), Severity.Error, new FileLocation(dir),
                    "cannot write outputs: " + e.Message);
                PrintDiagnostics(stderr, [d], parse.GetValue(format));
                return ExitCodes.InputErrors;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CheckCommand(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var recipe = new Argument<string>("recipe") { Description = "The recipe (.yaml)" };
        var command = new Command("check", "Check a recipe against its model: report every mistake at once, compress nothing") { recipe };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(recipe)!;
            var result = RecipeCheck.Run(path);
            PrintDiagnostics(stderr, result.Diagnostics, parse.GetValue(format));
            if (!result.Success)
            {
                return ExitCodes.InputErrors;
            }

            var warnings = result.Diagnostics.Count(d => d.Severity == Severity.Warning);
            var layers = result.Plan is { } plan ? $"{plan.Layers.Length} weight-bearing ops planned" : "model not loaded";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: ok ({layers}, {warnings} warning{(warnings == 1 ? "" : "s")})"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command PlanCommand(TextWriter stdout, TextWriter stderr, Option<string> format)
    {
        var recipe = new Argument<string>("recipe") { Description = "The recipe (.yaml)" };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON" };
        var explain = new Option<string?>("--explain") { Description = "Show the chain of rules that decided one layer (node, output or weight name)" };
        var command = new Command("plan", "Print the final per-layer plan of a recipe: formats, pruning, codecs, and the rule that decided each")
        {
            recipe, json, explain,
        };
        var pareto = new Commands.ParetoCommand();
        pareto.AddTo(command);
        command.SetAction(parse =>
        {
            if (pareto.Requested(parse))
            {
                return pareto.Run(parse, parse.GetValue(recipe)!, stdout, stderr, parse.GetValue(format));
            }

            var outcome = RecipePlan.Run(parse.GetValue(recipe)!, parse.GetValue(json), parse.GetValue(explain));
            PrintDiagnostics(stderr, outcome.Diagnostics, parse.GetValue(format));
            if (!outcome.Success)
            {
                return ExitCodes.InputErrors;
            }

            stdout.Write(outcome.Text);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Stats(TensorData t)
    {
        if (t.ElementType == ElementType.String || t.ElementCount == 0)
        {
            return string.Empty;
        }

        var v = t.ToDoubleArray();
        return string.Create(CultureInfo.InvariantCulture, $"  (min {v.Min():G6}, max {v.Max():G6}, mean {v.Average():G6})");
    }

    /// <summary>A file name for a tensor name: characters other than letters, digits, '.', '-' and '_' become '_'.</summary>
    internal static string FileNameFor(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        var s = new string(chars).Trim('.');
        return s.Length == 0 ? "output" : s;
    }

    internal static void PrintDiagnostics(TextWriter stderr, IEnumerable<Diagnostic> diagnostics, string? format)
    {
        var list = diagnostics.ToList();
        if (list.Count == 0)
        {
            return;
        }

        stderr.Write(format == "json" ? DiagnosticFormatter.FormatJson(list) + "\n" : DiagnosticFormatter.Format(list));
    }
}
