namespace Qc.OnnxRuntime.Tests;

/// <summary>Parses <c>ort-expected-failures.txt</c>: <c>## cause [may pass]: explanation</c> group headers and <c>folder/case  # reason</c> lines.</summary>
internal sealed class ExpectedFailureList
{
    /// <summary>The file name, copied next to the test assembly.</summary>
    public const string FileName = "ort-expected-failures.txt";

    private const string MayPassMarker = "[may pass]";

    private ExpectedFailureList(IReadOnlyList<ExpectedFailureCause> causes, IReadOnlyDictionary<string, ExpectedFailure> entries)
    {
        Causes = causes;
        Entries = entries;
    }

    /// <summary>The groups in file order.</summary>
    public IReadOnlyList<ExpectedFailureCause> Causes { get; }

    /// <summary>The entries by case id.</summary>
    public IReadOnlyDictionary<string, ExpectedFailure> Entries { get; }

    /// <summary>Loads the list next to the test assembly.</summary>
    public static ExpectedFailureList Load() => Parse(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, FileName)));

    /// <summary>Parses the lines; throws <see cref="FormatException"/> for entries outside a group, without a reason, or listed twice.</summary>
    public static ExpectedFailureList Parse(IEnumerable<string> lines)
    {
        var causes = new List<ExpectedFailureCause>();
        var entries = new Dictionary<string, ExpectedFailure>(StringComparer.Ordinal);
        ExpectedFailureCause? current = null;
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    throw new FormatException($"{FileName}:{lineNumber}: a group header needs '## <cause>: <explanation>'");
                }

                var head = line[3..colon].Trim();
                var mayPass = head.EndsWith(MayPassMarker, StringComparison.Ordinal);
                var id = mayPass ? head[..^MayPassMarker.Length].Trim() : head;
                current = new ExpectedFailureCause(id, line[(colon + 1)..].Trim(), mayPass);
                if (causes.Any(c => c.Id == id))
                {
                    throw new FormatException($"{FileName}:{lineNumber}: cause '{id}' appears twice");
                }

                causes.Add(current);
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var caseId = (hash < 0 ? line : line[..hash]).Trim();
            var reason = hash < 0 ? string.Empty : line[(hash + 1)..].Trim();
            if (current is null)
            {
                throw new FormatException($"{FileName}:{lineNumber}: '{caseId}' comes before any '## cause:' header");
            }

            if (reason.Length == 0)
            {
                throw new FormatException($"{FileName}:{lineNumber}: '{caseId}' has no '# reason'");
            }

            if (!caseId.Contains('/', StringComparison.Ordinal) || caseId.Contains(' ', StringComparison.Ordinal))
            {
                throw new FormatException($"{FileName}:{lineNumber}: '{caseId}' is not 'folder/case'");
            }

            if (!entries.TryAdd(caseId, new ExpectedFailure(caseId, current, reason)))
            {
                throw new FormatException($"{FileName}:{lineNumber}: '{caseId}' is listed twice");
            }
        }

        return new ExpectedFailureList(causes, entries);
    }
}
