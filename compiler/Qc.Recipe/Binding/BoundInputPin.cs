using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Recipe.Binding;

/// <summary>An input shape pin.</summary>
public sealed record BoundInputPin(string Name, ImmutableArray<long> Dims, Location Location);
