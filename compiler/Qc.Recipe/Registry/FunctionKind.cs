namespace Qc.Recipe.Registry;

/// <summary>What a registered function is.</summary>
public enum FunctionKind
{
    /// <summary>A number format (int4, fp8_e4m3, nf4, ...): turns weights or activations into codes plus scales.</summary>
    Format,

    /// <summary>A sparsity codec (nm, unstructured): chooses which weights are stored.</summary>
    Sparsity,

    /// <summary>A low-rank factorization (lowrank): W ≈ A·B.</summary>
    LowRank,

    /// <summary>A codebook (kmeans, vq): weights become indices into a learned table.</summary>
    Codebook,

    /// <summary>A lossless entropy coder of indices (huffman, rans).</summary>
    Entropy,

    /// <summary>An activation range estimator.</summary>
    Calibrator,

    /// <summary>An evaluation metric.</summary>
    Metric,

    /// <summary>A per-layer sensitivity measure for bit allocation.</summary>
    Sensitivity,

    /// <summary>A pruning pattern (nm, unstructured, channel).</summary>
    PrunePattern,

    /// <summary>A pruning score (magnitude, wanda, ...).</summary>
    PruneMethod,
}
