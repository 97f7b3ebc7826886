namespace Qc.Compression;

/// <summary>How channel pruning scores an output channel: the norm of its weights (a view row).</summary>
public enum ChannelNorm
{
    /// <summary>Σ |w|.</summary>
    L1,

    /// <summary>√(Σ w²).</summary>
    L2,
}
