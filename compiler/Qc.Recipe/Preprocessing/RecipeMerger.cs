using System.Collections.Immutable;
using Qc.Recipe.Syntax.Yaml;

namespace Qc.Recipe.Preprocessing;

/// <summary>Merges an included fragment under the including file: mappings merge key by key, the rule lists
/// <c>quantize.rules</c> and <c>prune</c> concatenate (included entries first, so the including file's rules win), and any
/// other value of the including file replaces the included one.</summary>
internal static class RecipeMerger
{
    private static readonly HashSet<string> s_concatenated = new(StringComparer.Ordinal) { "quantize.rules", "prune" };

    /// <summary>The deepest mapping level merged key by key; deeper, the upper value wins whole (recipes have a few levels,
    /// and aliases could otherwise make the merge exponential).</summary>
    private const int MaxDepth = 8;

    public static YamlMappingSyntax Merge(YamlMappingSyntax? lower, YamlMappingSyntax upper, string path = "")
    {
        if (lower is null || path.Count(c => c == '.') >= MaxDepth || ReferenceEquals(lower, upper))
        {
            return upper;
        }

        var entries = lower.Entries.ToList();
        foreach (var entry in upper.Entries)
        {
            var index = entries.FindIndex(e => e.Name == entry.Name);
            if (index < 0)
            {
                entries.Add(entry);
                continue;
            }

            var keyPath = path.Length == 0 ? entry.Name : path + "." + entry.Name;
            var old = entries[index];
            entries[index] = (old.Value, entry.Value) switch
            {
                (YamlMappingSyntax a, YamlMappingSyntax b) => entry with { Value = Merge(a, b, keyPath) },
                (YamlSequenceSyntax a, YamlSequenceSyntax b) when s_concatenated.Contains(keyPath) =>
                    entry with { Value = b.WithItems(a.Items.AddRange(b.Items)) },
                _ => entry,
            };
        }

        return upper.WithEntries([.. entries]);
    }

    /// <summary>The mapping without some keys.</summary>
    public static YamlMappingSyntax Without(YamlMappingSyntax mapping, params string[] keys) =>
        mapping.WithEntries([.. mapping.Entries.Where(e => !keys.Contains(e.Name))]);

    /// <summary>Keeps the entries as they are (for symmetry in callers).</summary>
    public static ImmutableArray<YamlEntrySyntax> Entries(YamlMappingSyntax mapping) => mapping.Entries;
}
