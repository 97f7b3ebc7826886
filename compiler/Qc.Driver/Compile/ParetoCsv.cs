using System.Globalization;
using System.Text;

namespace Qc.Driver.Compile;

/// <summary>Writes a Pareto sweep as CSV (RFC 4180: comma-separated, fields with commas or quotes quoted, <c>\n</c> line
/// ends): one row per budget; empty fields for what was not measured or has no value (infeasible points).</summary>
internal static class ParetoCsv
{
    /// <summary>The header row's column names.</summary>
    public static readonly string[] Columns =
    [
        "point", "budget_bytes", "size_bytes", "size_ratio", "bops", "objective", "predicted_mse", "status",
        "measured_mse", "top1", "agreement", "sqnr_db", "choices",
    ];

    /// <summary>The CSV text (deterministic: invariant round-trip numbers).</summary>
    public static string Write(ParetoOutcome outcome)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", Columns)).Append('\n');
        foreach (var p in outcome.Points)
        {
            var e = p.Evaluation?.Values;
            string[] fields =
            [
                Integer(p.Index),
                Number(p.Budget),
                p.Feasible ? Integer(p.SizeBytes) : string.Empty,
                p.Feasible && outcome.Fp32Bytes > 0 ? Number((double)p.SizeBytes / outcome.Fp32Bytes) : string.Empty,
                p.Feasible ? Number(p.Bops) : string.Empty,
                Number(p.Objective),
                Number(p.PredictedMse),
                p.Status.ToString().ToLowerInvariant(),
                Number(p.MeasuredMse),
                e is not null && e.TryGetValue("top1", out var top1) ? Number(top1) : string.Empty,
                e is not null ? Number(e["agreement"]) : string.Empty,
                e is not null ? Number(e["sqnr"]) : string.Empty,
                Quote(string.Join("; ", outcome.Layers.Zip(p.Choices, (l, c) => l + "=" + c))),
            ];
            sb.Append(string.Join(",", fields)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Integer(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A finite number in round-trip form; empty for NaN; <c>inf</c>/<c>-inf</c> for infinities.</summary>
    private static string Number(double v) =>
        double.IsNaN(v) ? string.Empty : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
