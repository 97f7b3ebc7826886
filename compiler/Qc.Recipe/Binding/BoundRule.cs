using Qc.Core.Diagnostics;

namespace Qc.Recipe.Binding;

/// <summary>A <c>quantize.rules</c> entry.</summary>
/// <param name="Index">Position in <c>quantize.rules</c>, from 0.</param>
/// <param name="Name">The optional <c>name:</c>.</param>
/// <param name="Match">The selector.</param>
/// <param name="Weights">The weight codec it sets, if any.</param>
/// <param name="Activations">The activation format it sets, if any.</param>
/// <param name="Location">The rule's first key, for notes.</param>
public sealed record BoundRule(int Index, string? Name, BoundFormula Match, BoundCodec? Weights, BoundCall? Activations, Location Location)
{
    /// <summary>How messages and plans refer to the rule.</summary>
    public string Label => Name is null ? $"rules[{Index}]" : $"rule '{Name}'";
}
