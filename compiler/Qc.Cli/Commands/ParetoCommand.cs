using System.CommandLine;
using System.Globalization;
using System.Text;
using Qc.Driver.Compile;

namespace Qc.Cli.Commands;

/// <summary>The <c>--pareto</c> options of <c>qc plan</c>: sweep the allocate size budget, print the front as a table and write
/// <c>pareto.csv</c> and <c>pareto.svg</c> (specs/compile.md).</summary>
internal sealed class ParetoCommand
{
    private readonly Option<bool> _pareto = new("--pareto") { Description = "Sweep the allocate size budget and write the Pareto front (pareto.csv, pareto.svg)" };
    private readonly Option<int> _points = new("--points") { Description = "Budgets in the --pareto sweep (at least 2)", DefaultValueFactory = _ => 12 };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "Folder for pareto.csv and pareto.svg (default: the recipe's 'output:' folder)" };
    private readonly Option<bool> _measure = new("--measure") { Description = "Also compress every distinct allocation and measure it on ONNX Runtime" };
    private readonly Option<int> _samples = new("--sensitivity-samples") { Description = "Calibration samples for measured sensitivities", DefaultValueFactory = _ => 64 };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "No progress on stderr" };

    /// <summary>Adds the options to the <c>plan</c> command.</summary>
    public void AddTo(Command plan)
    {
        _points.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 2)
            {
                r.AddError("--points must be at least 2");
            }
        });
        foreach (var option in new Option[] { _pareto, _points, _output, _measure, _samples, _quiet })
        {
            plan.Options.Add(option);
        }
    }

    /// <summary>True when the command line asks for the sweep.</summary>
    public bool Requested(ParseResult parse) => parse.GetValue(_pareto);

    /// <summary>Runs the sweep: the table on stdout, progress and diagnostics on stderr; the exit code.</summary>
    public int Run(ParseResult parse, string recipe, TextWriter stdout, TextWriter stderr, string? format)
    {
        var request = new ParetoRequest(recipe)
        {
            Points = parse.GetValue(_points),
            Measure = parse.GetValue(_measure),
            OutputDirectory = parse.GetValue(_output),
            SensitivitySamples = Math.Max(1, parse.GetValue(_samples)),
        };
        var progress = parse.GetValue(_quiet) ? null : ProgressRenderer.For(stderr);
        var outcome = ParetoPhase.Run(request, progress);
        progress?.Close();
        QcCommand.PrintDiagnostics(stderr, outcome.Diagnostics, format);
        if (!outcome.Points.IsEmpty)
        {
            stdout.Write(Table(recipe, outcome));
        }

        return outcome.Success ? ExitCodes.Success : ExitCodes.InputErrors;
    }

    /// <summary>The table: one row per budget with size, bit-ops, predicted error, the measured numbers when present, and
    /// whether the point is on the front.</summary>
    internal static string Table(string recipe, ParetoOutcome o)
    {
        var inv = CultureInfo.InvariantCulture;
        var measured = o.Points.Any(p => double.IsFinite(p.MeasuredMse));
        var evaluated = o.Points.Any(p => p.Evaluation is not null);
        var sb = new StringBuilder();
        sb.Append(inv, $"pareto front of {recipe}: {o.Points.Length} size budgets from {o.SmallestBytes:0} to {o.LargestBytes:0} bytes (fp32 {o.Fp32Bytes} bytes), {o.Layers.Length} allocated layers\n\n");
        sb.Append(inv, $" #  {"budget",10}  {"size",10}  {"ratio",6}  {"bit-ops",10}  {"predicted",10}");
        if (measured)
        {
            sb.Append(inv, $"  {"measured",10}");
        }

        if (evaluated)
        {
            sb.Append(inv, $"  {"top-1",7}  {"agree",7}  {"sqnr dB",7}");
        }

        sb.Append("  point\n");
        foreach (var p in o.Points)
        {
            if (!p.Feasible)
            {
                sb.Append(inv, $"{p.Index,2}  {p.Budget,10:0}  {"-",10}  {"-",6}  {"-",10}  {"-",10}{(measured ? $"  {"-",10}" : string.Empty)}{(evaluated ? $"  {"-",7}  {"-",7}  {"-",7}" : string.Empty)}  infeasible\n");
                continue;
            }

            sb.Append(inv, $"{p.Index,2}  {p.Budget,10:0}  {p.SizeBytes,10}  {100.0 * p.SizeBytes / Math.Max(1, o.Fp32Bytes),5:0.0}%  {p.Bops,10:0.###e+0}  {p.PredictedMse,10:0.###e+0}");
            if (measured)
            {
                sb.Append(inv, $"  {p.MeasuredMse,10:0.###e+0}");
            }

            if (evaluated)
            {
                var e = p.Evaluation!.Values;
                var top1 = e.TryGetValue("top1", out var t) ? (100 * t).ToString("0.00", inv) + "%" : "-";
                sb.Append(inv, $"  {top1,7}  {100 * e["agreement"],6:0.00}%  {e["sqnr"],7:0.0}");
            }

            sb.Append(p.Status == ParetoStatus.Front ? "  front\n" : "  dominated\n");
        }

        if (o.AccuracyMetric is { } metric && o.AccuracyReference is { } reference)
        {
            sb.Append(inv, $"\nfp32: {o.Fp32Bytes} bytes, {metric} {100 * reference:0.00}%\n");
        }

        sb.Append(inv, $"wrote {o.CsvPath}\nwrote {o.SvgPath}\n");
        return sb.ToString();
    }
}
