using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Text;
using Qc.Recipe.Syntax.Yaml;

namespace Qc.Recipe.Syntax;

/// <summary>A read recipe: its YAML structure after <c>include:</c> merging and <c>${VAR}</c> substitution, with the files it
/// came from. Expressions inside scalars are parsed later by the binder, which knows which keys hold expressions.</summary>
public sealed class RecipeSyntax
{
    internal RecipeSyntax(RecipeFile main, YamlNodeSyntax? root, ImmutableArray<RecipeFile> files)
    {
        Main = main;
        Root = root;
        Files = files;
    }

    /// <summary>The recipe file itself.</summary>
    public RecipeFile Main { get; }

    /// <summary>The root node (a mapping in a well-formed recipe); null when the file is empty.</summary>
    public YamlNodeSyntax? Root { get; }

    /// <summary>The recipe and every included file, in the order they were read.</summary>
    public ImmutableArray<RecipeFile> Files { get; }

    /// <summary>The file a node comes from.</summary>
    public RecipeFile FileOf(YamlNodeSyntax node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return FileOf(node.Source);
    }

    /// <summary>The file of a source text.</summary>
    public RecipeFile FileOf(SourceText source)
    {
        foreach (var f in Files)
        {
            if (ReferenceEquals(f.Source, source))
            {
                return f;
            }
        }

        return Main;
    }

    /// <summary>A location covering the start of the recipe file (for problems of the whole file).</summary>
    public Location StartLocation => new SourceLocation(Main.Source, new TextSpan(0, Math.Min(1, Main.Source.Text.Length)));
}
