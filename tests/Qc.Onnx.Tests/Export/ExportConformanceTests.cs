using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Qc.Onnx.Tests.Export;

/// <summary>Every ONNX backend node test through import → export, computed once for the class.</summary>
public sealed class ExportConformanceResults
{
    public ExportConformanceResults()
    {
        var withOrt = TestEnvironment.MissingReason(true, [TestEnvironment.NodeTestData]) is null;
        var folders = Directory.Exists(TestEnvironment.NodeTestData) ? ExportCaseRunner.CaseFolders(TestEnvironment.NodeTestData) : [];
        Results = [.. folders.Select(f => ExportCaseRunner.Run(f, withOrt))];
    }

    internal IReadOnlyList<ExportCaseResult> Results { get; }
}

/// <summary>The exporter against the ONNX 1.12 backend node tests: the IR survives export → import unchanged, and ONNX Runtime
/// runs every exported model wherever it runs the original (the exporter adds no failures). Known exceptions are listed with
/// reasons in <c>export-expected-failures.txt</c>; a listed case that passes fails the test so the list stays current.</summary>
public sealed class ExportConformanceTests(ExportConformanceResults fixture, ITestOutputHelper output) : IClassFixture<ExportConformanceResults>
{
    [DataFact(TestEnvironment.NodeTestData)]
    public void ExportThenImport_PrintsTheSameIr()
    {
        TestEnvironment.Require(TestEnvironment.NodeTestData);
        var list = ExpectedFailures.Load();
        var imported = fixture.Results.Where(r => r.Imported).ToList();
        Assert.NotEmpty(imported);
        var failed = imported.Where(r => r.PrintFailure is not null).ToDictionary(r => r.Id, r => r.PrintFailure!, StringComparer.Ordinal);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{fixture.Results.Count} cases, {imported.Count} import without errors; print identical after export → import: {imported.Count - failed.Count}, differs: {failed.Count}"));
        Check(list.Print, failed, imported.Select(r => r.Id), "print");
    }

    [OrtFact(TestEnvironment.NodeTestData)]
    public void ExportedModels_RunOnOrtWhereverTheOriginalsDo()
    {
        TestEnvironment.RequireOrt(TestEnvironment.NodeTestData);
        var list = ExpectedFailures.Load();
        var imported = fixture.Results.Where(r => r.Imported).ToList();
        var originalPass = imported.Count(r => r.OriginalOnOrt is null);
        var exportedPass = imported.Count(r => r.ExportedOnOrt is null);
        var gained = imported.Where(r => r.OriginalOnOrt is not null && r.ExportedOnOrt is null).Select(r => r.Id).ToList();
        var regressed = imported.Where(r => r.OrtRegressed).ToDictionary(r => r.Id, r => r.ExportedOnOrt!, StringComparer.Ordinal);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ORT on {imported.Count} imported cases: original passes {originalPass}, exported passes {exportedPass}; exported fails where the original passes: {regressed.Count}; exported passes where the original fails: {gained.Count}"));
        if (gained.Count > 0)
        {
            output.WriteLine("  passing only after export (upgraded to opset 22): " + string.Join(", ", gained));
        }

        Check(list.Ort, regressed, imported.Where(r => r.OriginalOnOrt is null).Select(r => r.Id), "ort");
    }

    [OrtFact(TestEnvironment.NodeTestData)]
    public void ModelsExportedWithValueInfo_RunOnOrtWhereverTheOriginalsDo()
    {
        TestEnvironment.RequireOrt(TestEnvironment.NodeTestData);
        var list = ExpectedFailures.Load();
        var imported = fixture.Results.Where(r => r.Imported).ToList();
        var regressed = imported.Where(r => r.ValueInfoRegressed).ToDictionary(r => r.Id, r => r.WithValueInfoOnOrt!, StringComparer.Ordinal);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ORT on the {imported.Count(r => r.OriginalOnOrt is null)} cases whose original passes, exported with every inferred type as value_info: {regressed.Count} fail"));
        Check(list.Ort, regressed, imported.Where(r => r.OriginalOnOrt is null).Select(r => r.Id), "ort");
    }

    private void Check(IReadOnlyDictionary<string, string> listed, Dictionary<string, string> failed, IEnumerable<string> candidates, string section)
    {
        var candidateSet = candidates.ToHashSet(StringComparer.Ordinal);
        var problems = new StringBuilder();
        foreach (var (id, why) in failed.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!listed.ContainsKey(id))
            {
                problems.Append(CultureInfo.InvariantCulture, $"UNEXPECTED {id}  # {why}\n");
            }
            else
            {
                output.WriteLine($"  expected ({section}): {id}: {why}");
            }
        }

        foreach (var id in listed.Keys.Where(id => !failed.ContainsKey(id)).Order(StringComparer.Ordinal))
        {
            problems.Append(CultureInfo.InvariantCulture, $"STALE {id}: {(candidateSet.Contains(id) ? "passes now" : "not a candidate (not imported, or the original fails)")}; delete it from section '{section}' of {ExpectedFailures.FileName}\n");
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }
}

/// <summary>Parses <c>export-expected-failures.txt</c>: <c>## print:</c> and <c>## ort:</c> sections of <c>folder/case  # reason</c> lines.</summary>
internal sealed record ExpectedFailures(IReadOnlyDictionary<string, string> Print, IReadOnlyDictionary<string, string> Ort)
{
    public const string FileName = "export-expected-failures.txt";

    public static ExpectedFailures Load()
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["print"] = new(StringComparer.Ordinal),
            ["ort"] = new(StringComparer.Ordinal),
        };
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, FileName)))
        {
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var name = line[3..].Split(':')[0].Trim();
                current = sections.TryGetValue(name, out var s) ? s : throw new FormatException($"{FileName}: unknown section '{name}'");
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var id = (hash < 0 ? line : line[..hash]).Trim();
            if (current is null || hash < 0 || !current.TryAdd(id, line[(hash + 1)..].Trim()))
            {
                throw new FormatException($"{FileName}: '{line}' needs a section, a '# reason', and must be listed once");
            }
        }

        return new ExpectedFailures(sections["print"], sections["ort"]);
    }
}
