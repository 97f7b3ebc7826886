using System.Collections.Immutable;

namespace Qc.Formats;

/// <summary>Describes one named argument a format accepts (for validation, completion and documentation).</summary>
/// <param name="Name">The argument name.</param>
/// <param name="Kind">Its value type.</param>
/// <param name="Default">The default, as text (empty for flags that are off unless given).</param>
/// <param name="Choices">The allowed words of a <see cref="FormatArgumentKind.Choice"/> argument.</param>
/// <param name="Description">One line for humans.</param>
public sealed record FormatArgument(string Name, FormatArgumentKind Kind, string Default, ImmutableArray<string> Choices, string Description);
