using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Calibration;

/// <summary>The statistics of a calibration run (or of its cache entry), with diagnostics.</summary>
/// <param name="Tensors">One entry per observed tensor, in the order requested; empty when errors stopped the run.</param>
/// <param name="Samples">The samples the statistics cover.</param>
/// <param name="Diagnostics">Errors (QC41xx, QC30xx when the model could not be imported) and warnings.</param>
public sealed record CalibrationResult(ImmutableArray<TensorStatistics> Tensors, long Samples, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when the statistics came from the cache (no ONNX Runtime run).</summary>
    public bool FromCache { get; init; }

    /// <summary>The ONNX Runtime runs made (one per batch; 0 on a cache hit).</summary>
    public int OrtRuns { get; init; }

    /// <summary>The cache key (hex SHA-256), or null when the cache was not used.</summary>
    public string? CacheKey { get; init; }

    /// <summary>The cache file read or written, or null.</summary>
    public string? CachePath { get; init; }

    /// <summary>The bytes of observer and moment state held across batches (independent of the number of samples; 0 on a cache hit).</summary>
    public long StateBytes { get; init; }

    /// <summary>True when there are statistics and no errors.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);

    /// <summary>The statistics of a tensor, or null.</summary>
    public TensorStatistics? Find(string name) => Tensors.FirstOrDefault(t => t.Name == name);
}
