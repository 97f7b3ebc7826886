using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Qc.Onnx.Tests.Conformance;

/// <summary>Imports every <c>model.onnx</c> of the ONNX backend node tests and checks inference, declared output types and the
/// IR text round trip, against an explicit expected-failure list.</summary>
/// <remarks>
/// The list (<c>Conformance/expected-failures.txt</c>) has one <c>folder/case  # reason</c> per line. The test fails when an
/// unlisted case fails and when a listed case passes (a stale entry). Run with <c>QC_UPDATE_EXPECTED=1</c> to rewrite the
/// list from the current state (reasons of entries that still fail are kept, new entries get the current failure as their
/// reason), then review the diff.
/// </remarks>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private const string ListName = "expected-failures.txt";

    [RequiresFileFact("testdata")]
    public void NodeTestModelsImportInferAgreeAndRoundTrip()
    {
        var cases = TestPaths.ConformanceFolders
            .SelectMany(folder => Directory.Exists(Path.Combine(TestPaths.NodeTestRoot, folder))
                ? Directory.GetDirectories(Path.Combine(TestPaths.NodeTestRoot, folder)).Select(d => folder + "/" + Path.GetFileName(d))
                : [])
            .Where(c => File.Exists(TestPaths.Case(c)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(cases.Count > 1000, $"expected the 1,063 models of libonnx-testdata, found {cases.Count}");

        var watch = Stopwatch.StartNew();
        var results = new ConcurrentBag<ConformanceResult>();
        Parallel.ForEach(cases, c => results.Add(ConformanceCase.Run(c, TestPaths.Case(c))));
        watch.Stop();
        var byCase = results.ToDictionary(r => r.Case, StringComparer.Ordinal);

        int Reached(ConformanceStage s) => results.Count(r => r.Stage >= s);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cases.Count} models in {watch.Elapsed.TotalSeconds:F1} s: imported {Reached(ConformanceStage.Imported)}, inferred {Reached(ConformanceStage.Inferred)}, agreed with declared output types {Reached(ConformanceStage.RoundTripped)}"));
        foreach (var folder in TestPaths.ConformanceFolders)
        {
            var inFolder = results.Where(r => r.Case.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {folder}: {inFolder.Count(r => r.Passed)}/{inFolder.Count} pass"));
        }

        // Independent of inference: every model that imports and verifies must print, parse and print back identically.
        var roundTripFailures = results.Where(r => r.RoundTripChecked && r.RoundTripFailure is not null).OrderBy(r => r.Case, StringComparer.Ordinal).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  text round trip: {results.Count(r => r.RoundTripChecked) - roundTripFailures.Count}/{results.Count(r => r.RoundTripChecked)} verified modules"));
        Assert.True(roundTripFailures.Count == 0, string.Join("\n", roundTripFailures.Select(r => $"{r.Case}: {r.RoundTripFailure}")));

        var expected = ReadList(Path.Combine(AppContext.BaseDirectory, "Conformance", ListName));
        if (Environment.GetEnvironmentVariable("QC_UPDATE_EXPECTED") == "1")
        {
            WriteList(Path.Combine(TestPaths.SourceFolder(), ListName), byCase.Values, expected);
            output.WriteLine("rewrote " + ListName);
            return;
        }

        var unexpected = byCase.Values.Where(r => !r.Passed && !expected.ContainsKey(r.Case)).OrderBy(r => r.Case, StringComparer.Ordinal).ToList();
        var stale = expected.Keys.Where(c => byCase.TryGetValue(c, out var r) ? r.Passed : true).Order(StringComparer.Ordinal).ToList();
        foreach (var group in byCase.Values.Where(r => !r.Passed).GroupBy(r => Category(r.Reason!)).OrderByDescending(g => g.Count()))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Count(),4} {group.Key}"));
        }

        var message = new StringBuilder();
        foreach (var r in unexpected)
        {
            message.Append("unexpected failure: ").Append(r.Case).Append("  # ").Append(r.Reason).Append('\n');
        }

        foreach (var c in stale)
        {
            message.Append("stale entry (now passes or no longer exists): ").Append(c).Append('\n');
        }

        if (message.Length > 0)
        {
            message.Append("fix the importer or IR, or update Conformance/").Append(ListName).Append(" (QC_UPDATE_EXPECTED=1 rewrites it)");
        }

        Assert.True(message.Length == 0, message.ToString());
    }

    /// <summary>A short grouping key for a failure reason (for the summary in the test output).</summary>
    private static string Category(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var head = colon > 0 ? reason[..colon] : reason;
        if (reason.Contains(" QC", StringComparison.Ordinal))
        {
            var at = reason.IndexOf(" QC", StringComparison.Ordinal);
            head += " " + reason.Substring(at + 1, 6);
        }

        return head;
    }

    /// <summary>Reads <c>folder/case  # reason</c> lines; blank lines and lines starting with '#' are ignored.</summary>
    internal static Dictionary<string, string> ReadList(string path)
    {
        var list = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return list;
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var name = (hash >= 0 ? line[..hash] : line).Trim();
            var reason = hash >= 0 ? line[(hash + 1)..].Trim() : "";
            Assert.False(reason.Length == 0, $"entry '{name}' in {ListName} has no reason");
            list[name] = reason;
        }

        return list;
    }

    private static void WriteList(string path, IEnumerable<ConformanceResult> results, Dictionary<string, string> kept)
    {
        var sb = new StringBuilder();
        sb.Append("# Expected failures of ConformanceTests: ONNX backend node test models (libonnx-testdata 1.12) that do not yet\n");
        sb.Append("# import, infer, agree with their declared output types and round-trip through IR text. One 'folder/case  # reason'\n");
        sb.Append("# per line. A listed case that passes fails the test (stale entry); rewrite with QC_UPDATE_EXPECTED=1 and review.\n");
        foreach (var r in results.Where(r => !r.Passed).OrderBy(r => r.Case, StringComparer.Ordinal))
        {
            sb.Append(r.Case).Append("  # ").Append(kept.GetValueOrDefault(r.Case) ?? r.Reason).Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
    }
}
