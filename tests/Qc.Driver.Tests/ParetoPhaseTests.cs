using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using Qc.Core.Diagnostics;
using Qc.Driver.Compile;

namespace Qc.Driver.Tests;

/// <summary><c>qc plan --pareto</c> on the Fashion-MNIST CNN fixture: the sweep, its CSV and SVG, and its diagnostics.</summary>
public sealed class ParetoPhaseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-pareto-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private ParetoOutcome Sweep(string recipe, string name, int points = 6, bool measure = false) =>
        ParetoPhase.Run(new ParetoRequest(recipe)
        {
            Points = points,
            Measure = measure,
            OutputDirectory = Path.Combine(_dir, name),
            CacheDirectory = Path.Combine(_dir, "cache"),
            SensitivitySamples = 32,
        });

    private static string Errors(ParetoOutcome o) => DiagnosticFormatter.Format(o.Diagnostics.ToList());

    private string Recipe(string budget, string dir = "r") =>
        FashionRecipe.Write(Path.Combine(_dir, dir), "int8(per_channel)", FashionRecipe.Allocate(budget), "top1_drop <= 1%", 300);

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void Sweep_CsvParses_SizeGrowsWithTheBudget_AndPredictedErrorFalls()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var o = Sweep(Recipe("size <= 0.15 * fp32.size"), "csv", points: 7);
        o.Success.ShouldBeTrue(Errors(o));
        var rows = ParseCsv(File.ReadAllText(o.CsvPath!));
        rows[0].ShouldBe(ParetoCsv.Columns);
        rows.Count.ShouldBe(8);
        var records = rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        double Num(Dictionary<string, string> r, string k) => double.Parse(r[k], CultureInfo.InvariantCulture);
        records.ShouldAllBe(r => r["status"] != "infeasible");
        Num(records[0], "budget_bytes").ShouldBe(o.SmallestBytes);
        Num(records[^1], "budget_bytes").ShouldBe(o.LargestBytes);
        o.LargestBytes.ShouldBeLessThanOrEqualTo(o.Fp32Bytes);
        for (var i = 0; i < records.Count; i++)
        {
            Num(records[i], "size_bytes").ShouldBeLessThanOrEqualTo(Num(records[i], "budget_bytes"));
            records[i]["choices"].Split("; ").Length.ShouldBe(3);
            if (i > 0)
            {
                Num(records[i], "budget_bytes").ShouldBeGreaterThan(Num(records[i - 1], "budget_bytes"));
                Num(records[i], "size_bytes").ShouldBeGreaterThanOrEqualTo(Num(records[i - 1], "size_bytes"));
                Num(records[i], "predicted_mse").ShouldBeLessThanOrEqualTo(Num(records[i - 1], "predicted_mse") * (1 + 1e-12));
            }
        }

        // The sweep spans distinct allocations: the smallest one is much worse than the largest.
        Num(records[0], "predicted_mse").ShouldBeGreaterThan(10 * Num(records[^1], "predicted_mse"));
        records.Select(r => r["choices"]).Distinct().Count().ShouldBeGreaterThan(2);
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void Svg_IsWellFormed_AndByteIdenticalAcrossRuns_WithMeasuredAccuracy()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = Recipe("size <= 0.15 * fp32.size");
        var first = Sweep(recipe, "a", points: 4, measure: true);
        first.Success.ShouldBeTrue(Errors(first));
        var second = Sweep(recipe, "b", points: 4, measure: true);
        second.Success.ShouldBeTrue(Errors(second));
        File.ReadAllBytes(first.SvgPath!).ShouldBe(File.ReadAllBytes(second.SvgPath!));
        File.ReadAllBytes(first.CsvPath!).ShouldBe(File.ReadAllBytes(second.CsvPath!));

        var svg = XDocument.Parse(File.ReadAllText(first.SvgPath!));
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Root!.Name.ShouldBe(ns + "svg");
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        texts.ShouldContain(t => t.StartsWith("stored size (KiB", StringComparison.Ordinal));
        texts.ShouldContain(t => t.StartsWith("output MSE vs fp32", StringComparison.Ordinal));
        texts.ShouldContain("measured top1 (%)");
        texts.ShouldContain(t => t.StartsWith("fp32 ", StringComparison.Ordinal)); // the fp32 accuracy line
        svg.Descendants(ns + "polyline").Count().ShouldBeGreaterThanOrEqualTo(1);
        svg.Descendants(ns + "circle").Count().ShouldBeGreaterThanOrEqualTo(4);

        first.AccuracyMetric.ShouldBe("top1");
        first.Points.ShouldAllBe(p => p.Evaluation != null && double.IsFinite(p.MeasuredMse));
        var csv = ParseCsv(File.ReadAllText(first.CsvPath!));
        csv.Skip(1).ShouldAllBe(r => r[9].Length > 0 && r[10].Length > 0 && r[11].Length > 0); // top1, agreement, sqnr
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void InfeasibleOnlySweep_IsQC4412_WithTheAllocatorsReason()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var o = Sweep(Recipe("size <= 0.15 * fp32.size, bops <= 1", "inf"), "inf-out");
        o.Success.ShouldBeFalse();
        var d = o.Diagnostics.Single(x => x.Code.Number == CompileCodes.ParetoInfeasible);
        d.Message.ShouldStartWith("no budget of the Pareto sweep (");
        o.Diagnostics.ShouldContain(x => x.Code.Number == 4001 && x.Message.Contains("'bops'"));
        o.CsvPath.ShouldBeNull();
        Directory.Exists(Path.Combine(_dir, "inf-out")).ShouldBeFalse();
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void RecipeWithoutAllocate_IsQC4411()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(Path.Combine(_dir, "none"), "int8(per_channel)", null, "top1_drop <= 1%");
        var o = Sweep(recipe, "none");
        o.Diagnostics.Single(x => x.IsError).Code.Number.ShouldBe(CompileCodes.ParetoNeedsAllocate);
        o.Points.ShouldBeEmpty();
    }

    [Fact]
    public void MarkDominated_KeepsTheFront_AndTies()
    {
        ParetoPoint P(int i, long size, double error) => new(i, size, ParetoStatus.Front, size, 0, error, error, []);
        var points = new[]
        {
            P(1, 100, 5), P(2, 120, 3), P(3, 120, 4), P(4, 150, 3), P(5, 150, 1), P(6, 150, 1),
            new ParetoPoint(7, 90, ParetoStatus.Infeasible, 0, 0, double.NaN, double.NaN, []),
        };
        var marked = ParetoPhase.MarkDominated(points).Select(p => p.Status).ToArray();
        marked.ShouldBe(
        [
            ParetoStatus.Front, ParetoStatus.Front, ParetoStatus.Dominated, ParetoStatus.Dominated,
            ParetoStatus.Front, ParetoStatus.Front, ParetoStatus.Infeasible,
        ]);
    }

    /// <summary>RFC 4180 rows: quoted fields may hold commas and doubled quotes.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        quoted.ShouldBeFalse("unterminated quote");
        (fields.Count + field.Length).ShouldBe(0, "the last line must end with \\n");
        rows.ShouldAllBe(r => r.Length == rows[0].Length);
        return rows;
    }
}
