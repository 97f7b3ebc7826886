using Qc.Core.Diagnostics;

namespace Qc.Recipe.Binding;

/// <summary>A <c>prune</c> entry.</summary>
public sealed record BoundPruneRule(int Index, string? Name, BoundFormula Match, string Method, BoundCall Pattern, Location Location)
{
    /// <summary>How messages and plans refer to the rule.</summary>
    public string Label => Name is null ? $"prune[{Index}]" : $"prune '{Name}'";
}
