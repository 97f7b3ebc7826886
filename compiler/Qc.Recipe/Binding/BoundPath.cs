using Qc.Core.Diagnostics;

namespace Qc.Recipe.Binding;

/// <summary>A path from the recipe: as written, as shown in diagnostics, and absolute.</summary>
public sealed record BoundPath(string Value, string Display, string Full, Location Location);
