using Qc.Recipe.Binding;

namespace Qc.Driver.Compile;

/// <summary>Writes files by a temporary name and a rename, so a reader never sees half a file.</summary>
internal static class OutputFiles
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> bytes)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, bytes.ToArray());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The output folder: the one given (<c>-o</c>), else the folder of the recipe's <c>output:</c>, else <c>out</c>
    /// next to the recipe.</summary>
    public static string Folder(string? given, BoundRecipe recipe, string recipePath) =>
        given
        ?? (recipe.Output is { } o ? Path.GetDirectoryName(o.Full) : null)
        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(recipePath)) ?? ".", "out");
}
