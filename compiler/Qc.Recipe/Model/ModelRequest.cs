using System.Collections.Immutable;

namespace Qc.Recipe.Model;

/// <summary>What the binder asks the loader for.</summary>
/// <param name="DisplayPath">The model path to show in diagnostics (relative to where the recipe path was given).</param>
/// <param name="FullPath">The absolute model path.</param>
/// <param name="Pins">Input shapes pinned by <c>inputs:</c>, by input name.</param>
public sealed record ModelRequest(string DisplayPath, string FullPath, ImmutableArray<(string Name, ImmutableArray<long> Dims)> Pins);
