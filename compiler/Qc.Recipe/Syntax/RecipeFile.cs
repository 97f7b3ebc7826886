using Qc.Core.Text;

namespace Qc.Recipe.Syntax;

/// <summary>One file of a recipe (the recipe itself or an included fragment): its text and where it is on disk.</summary>
/// <param name="Source">The text; <see cref="SourceText.Path"/> is the path shown in diagnostics.</param>
/// <param name="FullPath">The absolute path, for resolving the relative paths the file names.</param>
public sealed record RecipeFile(SourceText Source, string FullPath)
{
    /// <summary>Resolves a path written in this file: returns the path to show and the absolute path.</summary>
    public (string Display, string Full) Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path))
        {
            return (path, Path.GetFullPath(path));
        }

        var displayDir = Path.GetDirectoryName(Source.Path) ?? string.Empty;
        var display = Normalize(displayDir.Length == 0 ? path : displayDir + "/" + path);
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(FullPath) ?? string.Empty, path));
        return (display, full);
    }

    /// <summary>Collapses <c>a/../</c> and <c>./</c> segments of a relative path without touching the disk.</summary>
    internal static string Normalize(string path)
    {
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            if (part == ".." && rooted)
            {
                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
