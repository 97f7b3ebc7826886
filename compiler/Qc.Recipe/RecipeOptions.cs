namespace Qc.Recipe;

/// <summary>Settings for reading a recipe.</summary>
public sealed record RecipeOptions
{
    /// <summary>Variables for <c>${VAR}</c>; null reads the process environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The folder relative paths given to the loader are resolved against; null is the current directory.</summary>
    /// <remarks>Diagnostics show paths as given; only file access uses this folder.</remarks>
    public string? WorkingDirectory { get; init; }
}
