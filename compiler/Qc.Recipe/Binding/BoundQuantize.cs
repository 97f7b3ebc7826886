using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Recipe.Binding;

/// <summary>The <c>quantize</c> section.</summary>
/// <param name="Weights">The default weight codec, if any.</param>
/// <param name="Activations">The default activation format, if any.</param>
/// <param name="Rules">The rules that bound.</param>
/// <param name="Location">The section's key.</param>
/// <param name="Incomplete">True when a rule or default failed to bind (reported): which ops it covers is unknown, so the
/// checks that need the final decision of every op are skipped rather than guessed.</param>
public sealed record BoundQuantize(BoundCodec? Weights, BoundCall? Activations, ImmutableArray<BoundRule> Rules, Location Location, bool Incomplete = false);
