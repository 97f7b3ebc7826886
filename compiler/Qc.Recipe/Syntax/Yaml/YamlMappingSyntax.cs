using System.Collections.Immutable;
using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Yaml;

/// <summary>A YAML mapping with its entries in file order (duplicate keys are reported and dropped when read).</summary>
public sealed class YamlMappingSyntax : YamlNodeSyntax
{
    internal YamlMappingSyntax(SourceText source, TextSpan span, ImmutableArray<YamlEntrySyntax> entries, bool isFlow)
        : base(source, span)
    {
        Entries = entries;
        IsFlow = isFlow;
    }

    /// <summary>The entries in order.</summary>
    public ImmutableArray<YamlEntrySyntax> Entries { get; }

    /// <summary>True for <c>{a: 1}</c>.</summary>
    public bool IsFlow { get; }

    /// <inheritdoc/>
    public override string KindName => "a mapping";

    /// <summary>The entry with a key, or null.</summary>
    public YamlEntrySyntax? Find(string key)
    {
        foreach (var e in Entries)
        {
            if (e.Name == key)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>Returns a copy with other entries.</summary>
    internal YamlMappingSyntax WithEntries(ImmutableArray<YamlEntrySyntax> entries) => new(Source, Span, entries, IsFlow);
}
