namespace Qc.Recipe.Diagnostics;

/// <summary>"Did you mean" candidates by edit distance (optimal string alignment, case-insensitive).</summary>
internal static class Suggestions
{
    /// <summary>The candidates closest to <paramref name="name"/>, best first, at most <paramref name="max"/>, only those
    /// close enough to be a plausible typo.</summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> candidates, int max = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var limit = Math.Max(2, name.Length / 3);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Where(c => c != name)
            .Select(c => (Candidate: c, Distance: Distance(name, c)))
            .Where(x => x.Distance <= limit || x.Candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase) && name.Length >= 3)
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Candidate)
            .ToList();
    }

    /// <summary>The candidates nearest to <paramref name="name"/>, however far, best first.</summary>
    public static IReadOnlyList<string> Nearest(string name, IEnumerable<string> candidates, int max) =>
        candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Distance(name, c)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Candidate)
            .ToList();

    /// <summary>A hint: "did you mean 'x'? " followed by what is allowed (abbreviated when long).</summary>
    public static string Hint(string name, IEnumerable<string> allowed, string allowedLabel = "allowed")
    {
        var list = allowed.Distinct(StringComparer.Ordinal).ToList();
        var close = Closest(name, list);
        var prefix = close.Count > 0 ? $"did you mean '{close[0]}'? " : string.Empty;
        return prefix + allowedLabel + ": " + Join(list, 12);
    }

    /// <summary>Joins names with commas, ending with "... (N more)" past <paramref name="max"/>.</summary>
    public static string Join(IReadOnlyList<string> names, int max)
    {
        if (names.Count <= max)
        {
            return string.Join(", ", names);
        }

        return string.Join(", ", names.Take(max)) + $", ... ({names.Count - max} more)";
    }

    /// <summary>The optimal-string-alignment distance, ignoring case differences except as a half step.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length > 256 || b.Length > 256)
        {
            return Math.Max(a.Length, b.Length);
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2])
                    && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }

                d[i, j] = v;
            }
        }

        return d[a.Length, b.Length];
    }
}
