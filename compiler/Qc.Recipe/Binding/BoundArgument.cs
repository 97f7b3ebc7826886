using Qc.Core.Text;
using Qc.Recipe.Registry;

namespace Qc.Recipe.Binding;

/// <summary>One argument: a number or a choice, with its span in the expression.</summary>
public sealed record BoundArgument(ParameterSpec Parameter, double? Number, string? Choice, TextSpan Span);
