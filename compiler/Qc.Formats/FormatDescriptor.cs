using System.Collections.Immutable;

namespace Qc.Formats;

/// <summary>A format name with the arguments it accepts.</summary>
public sealed record FormatDescriptor(string Name, string Description, ImmutableArray<FormatArgument> Arguments);
