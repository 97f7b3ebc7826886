using Qc.Core.Diagnostics;
using Qc.Core.Text;

namespace Qc.Recipe.Syntax.Yaml;

/// <summary>A node of a recipe's YAML structure with the file and span it came from.</summary>
/// <remarks>Nodes of one merged recipe may come from several files (<c>include:</c>); each keeps its own source.</remarks>
public abstract class YamlNodeSyntax
{
    private protected YamlNodeSyntax(SourceText source, TextSpan span)
    {
        Source = source;
        Span = span;
    }

    /// <summary>The file the node is in.</summary>
    public SourceText Source { get; }

    /// <summary>The node's span in <see cref="Source"/>.</summary>
    public TextSpan Span { get; }

    /// <summary>The node's location for diagnostics.</summary>
    public Location Location => new SourceLocation(Source, Span);

    /// <summary>What kind of value the node is, in words ("a mapping", "a list", "a string").</summary>
    public abstract string KindName { get; }
}
