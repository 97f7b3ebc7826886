using System.Collections;
using System.Collections.Immutable;
using System.Text;
using Qc.Core.Diagnostics;
using Qc.Core.Text;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Preprocessing;
using Qc.Recipe.Syntax;
using Qc.Recipe.Syntax.Yaml;

namespace Qc.Recipe;

/// <summary>Reads a recipe file: UTF-8 text, one YAML document, <c>include:</c> fragments (with cycle detection) and
/// <c>${VAR}</c> substitution. Never throws for bad input; problems are QC11xx diagnostics.</summary>
public static class RecipeLoader
{
    /// <summary>The largest recipe or fragment file read.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>The deepest chain of includes.</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>Reads the recipe at <paramref name="path"/> (shown in diagnostics as given).</summary>
    public static RecipeSyntaxResult Load(string path, RecipeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new RecipeOptions();
        var diagnostics = new RecipeDiagnostics();
        var full = FullPath(path, options);
        if (ReadText(path, full, Location.None, diagnostics) is not { } source)
        {
            return new RecipeSyntaxResult(null, diagnostics.ToImmutableArray());
        }

        return Build(new RecipeFile(source, full), options, diagnostics);
    }

    /// <summary>Reads a recipe from bytes (tests, editors); relative paths resolve against <paramref name="path"/>'s folder.</summary>
    public static RecipeSyntaxResult Parse(string path, ReadOnlySpan<byte> bytes, RecipeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new RecipeOptions();
        var diagnostics = new RecipeDiagnostics();
        if (Decode(path, bytes, Location.None, diagnostics) is not { } source)
        {
            return new RecipeSyntaxResult(null, diagnostics.ToImmutableArray());
        }

        return Build(new RecipeFile(source, FullPath(path, options)), options, diagnostics);
    }

    /// <summary>Reads a recipe from text.</summary>
    public static RecipeSyntaxResult Parse(string path, string text, RecipeOptions? options = null) =>
        Parse(path, Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))), options);

    private static string FullPath(string path, RecipeOptions options) =>
        Path.GetFullPath(Path.Combine(options.WorkingDirectory ?? Directory.GetCurrentDirectory(), path));

    private static RecipeSyntaxResult Build(RecipeFile main, RecipeOptions options, RecipeDiagnostics diagnostics)
    {
        var files = ImmutableArray.CreateBuilder<RecipeFile>();
        files.Add(main);
        var root = YamlReader.Read(main.Source, diagnostics);
        if (root is not YamlMappingSyntax mapping)
        {
            // An empty file or a non-mapping root is the binder's to report; invalid YAML has been reported already.
            var syntax = root is null && diagnostics.HasErrors ? null : new RecipeSyntax(main, root, files.ToImmutable());
            return new RecipeSyntaxResult(syntax, diagnostics.ToImmutableArray());
        }

        var substitution = new VariableSubstitution(options.Environment ?? ProcessEnvironment(), diagnostics);
        if (mapping.Find("vars") is { } vars)
        {
            if (vars.Value is YamlMappingSyntax varMap)
            {
                substitution.AddVars(varMap);
            }
            else if (!(vars.Value is YamlScalarSyntax { IsNull: true }))
            {
                diagnostics.ReportWrongKind(vars.Value.Location, "'vars'", "a mapping of names to values", vars.Value.KindName);
            }
        }

        var stack = new List<string> { main.FullPath };
        var merged = Expand(main, mapping, substitution, stack, files, diagnostics);
        return new RecipeSyntaxResult(new RecipeSyntax(main, merged, files.ToImmutable()), diagnostics.ToImmutableArray());
    }

    /// <summary>Substitutes a file's values and merges its includes under it.</summary>
    private static YamlMappingSyntax Expand(RecipeFile file, YamlMappingSyntax mapping, VariableSubstitution substitution, List<string> stack,
        ImmutableArray<RecipeFile>.Builder files, RecipeDiagnostics diagnostics)
    {
        YamlMappingSyntax? lower = null;
        if (mapping.Find("include") is { } include)
        {
            foreach (var item in IncludeItems(include, diagnostics))
            {
                var scalar = substitution.Apply(item);
                if (LoadInclude(file, scalar, substitution, stack, files, diagnostics) is { } fragment)
                {
                    lower = RecipeMerger.Merge(lower, fragment);
                }
            }
        }

        var own = (YamlMappingSyntax)substitution.Apply(RecipeMerger.Without(mapping, "include", "vars"));
        return RecipeMerger.Merge(lower, own);
    }

    private static IEnumerable<YamlScalarSyntax> IncludeItems(YamlEntrySyntax include, RecipeDiagnostics diagnostics)
    {
        switch (include.Value)
        {
            case YamlScalarSyntax { IsNull: true }:
                yield break;
            case YamlScalarSyntax s:
                yield return s;
                break;
            case YamlSequenceSyntax q:
                foreach (var item in q.Items)
                {
                    if (item is YamlScalarSyntax { IsNull: false } s)
                    {
                        yield return s;
                    }
                    else
                    {
                        diagnostics.ReportWrongKind(item.Location, "an include", "a file path", item.KindName);
                    }
                }

                break;
            default:
                diagnostics.ReportWrongKind(include.Value.Location, "'include'", "a file path or a list of paths", include.Value.KindName);
                break;
        }
    }

    private static YamlMappingSyntax? LoadInclude(RecipeFile includer, YamlScalarSyntax pathNode, VariableSubstitution substitution,
        List<string> stack, ImmutableArray<RecipeFile>.Builder files, RecipeDiagnostics diagnostics)
    {
        var (display, full) = includer.Resolve(pathNode.Value);
        if (stack.Contains(full, StringComparer.Ordinal))
        {
            var chain = stack.SkipWhile(p => p != full).Select(p => DisplayOf(files, p)).Append(display).ToList();
            diagnostics.ReportIncludeCycle(pathNode.Location, chain);
            return null;
        }

        if (stack.Count > MaxIncludeDepth)
        {
            diagnostics.ReportIncludeTooDeep(pathNode.Location, MaxIncludeDepth);
            return null;
        }

        if (ReadText(display, full, pathNode.Location, diagnostics) is not { } source)
        {
            return null;
        }

        var file = new RecipeFile(source, full);
        files.Add(file);
        var root = YamlReader.Read(source, diagnostics);
        switch (root)
        {
            case null:
                return null;
            case YamlMappingSyntax mapping:
                if (mapping.Find("vars") is { } vars)
                {
                    diagnostics.ReportNotAllowedHere(vars.Key.Location, "'vars'", "an included fragment",
                        "define variables in the recipe that includes the fragment, or in the environment");
                }

                stack.Add(full);
                var expanded = Expand(file, mapping, substitution, stack, files, diagnostics);
                stack.RemoveAt(stack.Count - 1);
                return expanded;
            default:
                diagnostics.ReportWrongKind(root.Location, $"included file '{display}'", "a mapping of recipe keys", root.KindName);
                return null;
        }
    }

    private static string DisplayOf(ImmutableArray<RecipeFile>.Builder files, string full) =>
        files.FirstOrDefault(f => f.FullPath == full)?.Source.Path ?? full;

    private static SourceText? ReadText(string display, string full, Location where, RecipeDiagnostics diagnostics)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(full);
            if (Directory.Exists(full))
            {
                diagnostics.ReportCannotReadFile(where, display, "it is a folder");
                return null;
            }

            if (info.Exists && info.Length > MaxFileBytes)
            {
                diagnostics.ReportFileTooLarge(where, display, info.Length, MaxFileBytes);
                return null;
            }

            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            diagnostics.ReportCannotReadFile(where, display, reason);
            return null;
        }

        return Decode(display, bytes, where, diagnostics);
    }

    private static SourceText? Decode(string display, ReadOnlySpan<byte> bytes, Location where, RecipeDiagnostics diagnostics)
    {
        if (bytes.Length > MaxFileBytes)
        {
            diagnostics.ReportFileTooLarge(where, display, bytes.Length, MaxFileBytes);
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            diagnostics.ReportInvalidUtf8(new FileLocation(display, e.Index >= 0 ? e.Index : null), Math.Max(0, e.Index));
            return null;
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return new SourceText(display, text);
    }

    private static Dictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && e.Value is string v)
            {
                result[k] = v;
            }
        }

        return result;
    }
}
