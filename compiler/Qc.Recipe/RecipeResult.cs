using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Recipe.Binding;
using Qc.Recipe.Planning;
using Qc.Recipe.Syntax;

namespace Qc.Recipe;

/// <summary>The result of reading, binding and planning a recipe: each part is null when an earlier phase could not
/// produce what it needs; <see cref="Diagnostics"/> holds every problem found, errors and warnings.</summary>
public sealed record RecipeResult(RecipeSyntax? Syntax, BoundRecipe? Recipe, CompressionPlan? Plan, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when no error was reported.</summary>
    public bool Success => Recipe is not null && !Diagnostics.Any(d => d.IsError);
}
