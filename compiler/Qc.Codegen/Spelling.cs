namespace Qc.Codegen;

/// <summary>Did-you-mean suggestions by edit distance.</summary>
internal static class Spelling
{
    /// <summary>The closest candidates to <paramref name="word"/> (at most <paramref name="max"/>, distance at most a third of its length plus one).</summary>
    public static IReadOnlyList<string> Suggest(string word, IEnumerable<string> candidates, int max = 3)
    {
        var limit = (word.Length / 3) + 1;
        return [.. candidates
            .Select(c => (Name: c, Distance: Distance(word, c)))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance)
            .ThenByDescending(x => CommonPrefix(word, x.Name))
            .ThenBy(x => FirstDifference(word, x.Name))
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Name)];
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
        {
            n++;
        }

        return n;
    }

    /// <summary>How far apart the first differing characters are ('ptx79' is nearer 'ptx78' than 'ptx70').</summary>
    private static int FirstDifference(string a, string b)
    {
        var n = CommonPrefix(a, b);
        return n < a.Length && n < b.Length ? Math.Abs(char.ToLowerInvariant(a[n]) - char.ToLowerInvariant(b[n])) : 0;
    }

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
