using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Recipe.Syntax;

/// <summary>The result of reading a recipe: the syntax (null when the file could not be read or is not valid YAML) and
/// the diagnostics of reading.</summary>
public sealed record RecipeSyntaxResult(RecipeSyntax? Syntax, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when reading reported no errors.</summary>
    public bool Success => Syntax is not null && !Diagnostics.Any(d => d.IsError);
}
