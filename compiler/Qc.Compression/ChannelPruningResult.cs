using System.Collections.Immutable;

namespace Qc.Compression;

/// <summary>What <see cref="ChannelPruning.Run"/> did to one layer.</summary>
/// <param name="Applied">True when the graph was rewritten.</param>
/// <param name="SkipReason">Why the layer was left alone (also reported as warning QC4206), or null.</param>
/// <param name="Removed">The removed output channels, ascending (empty when not applied).</param>
/// <param name="Kept">The kept output channels, ascending, in their new order.</param>
/// <param name="ParametersRemoved">Constant elements removed from the graph (weights, biases, BatchNormalization entries, consumer inputs).</param>
/// <param name="RewrittenOps">Node (or result) names of every op whose constants changed, producer first.</param>
public sealed record ChannelPruningResult(bool Applied, string? SkipReason, ImmutableArray<int> Removed, ImmutableArray<int> Kept,
    long ParametersRemoved, ImmutableArray<string> RewrittenOps);
