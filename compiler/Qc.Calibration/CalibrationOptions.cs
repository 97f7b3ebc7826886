using System.Collections.Immutable;
using Qc.Calibration.Observers;

namespace Qc.Calibration;

/// <summary>How to calibrate: how many samples, in what batches, with which observers.</summary>
public sealed record CalibrationOptions
{
    /// <summary>The samples to use (the recipe's <c>calibration.samples</c>); null for the whole dataset.</summary>
    public long? Samples { get; init; }

    /// <summary>Samples per ONNX Runtime run (default 32). A model whose batch dimension is fixed runs with that size instead.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The observers, each applied to every tensor; the first one is <see cref="TensorStatistics.Range"/> (default <c>minmax</c>).</summary>
    public ImmutableArray<ObserverSpec> Observers { get; init; } = [ObserverSpec.MinMax];

    /// <summary>Seed of the sample subset (the recipe's <c>calibration.seed</c>): with a seed and a dataset larger than
    /// <see cref="Samples"/>, a seeded random subset is taken (read in dataset order); without one, the first samples.</summary>
    public long? Seed { get; init; }

    /// <summary>ONNX Runtime intra-op threads (default 1; 0 lets ORT choose).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Whether to read and write the statistics cache (default true).</summary>
    public bool UseCache { get; init; } = true;
}
