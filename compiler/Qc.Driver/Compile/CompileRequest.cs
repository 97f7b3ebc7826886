using Qc.Recipe;

namespace Qc.Driver.Compile;

/// <summary>What <c>qc compile</c> produces.</summary>
public enum CompileEmit
{
    /// <summary>A <c>.qcpkg</c> package (the default; built by the code generator, not available yet).</summary>
    Package,

    /// <summary>A QDQ ONNX model plus plan.json.</summary>
    Onnx,
}

/// <summary>The inputs of the compile phase.</summary>
/// <param name="RecipePath">The recipe file, shown in diagnostics as given.</param>
public sealed record CompileRequest(string RecipePath)
{
    /// <summary>What to emit.</summary>
    public CompileEmit Emit { get; init; } = CompileEmit.Onnx;

    /// <summary>The output folder; null for the folder of the recipe's <c>output:</c> path (else <c>out</c> next to the recipe).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Allocation rounds at most when the gate fails (the first solve included).</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>Calibration samples used to measure <c>output_mse</c> and the predicted-vs-measured error.</summary>
    public int SensitivitySamples { get; init; } = 64;

    /// <summary>Apply bias correction (<c>b' = b − ΔW·E[x]</c>) to every quantized layer.</summary>
    public bool BiasCorrection { get; init; }

    /// <summary>The cache folder; null for <c>$QC_CACHE_DIR</c>, else <c>.qc-cache</c> under the working directory.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Environment and working directory for the recipe.</summary>
    public RecipeOptions? RecipeOptions { get; init; }
}

/// <summary>How far a long step is (calibration, sensitivity, evaluation); the CLI draws it with an ETA.</summary>
/// <param name="Stage">The step, such as <c>calibration</c>.</param>
/// <param name="Done">Units done (samples or runs).</param>
/// <param name="Total">Units in the step, when known.</param>
/// <param name="Elapsed">Time since the step started.</param>
public sealed record CompileProgress(string Stage, long Done, long? Total, TimeSpan Elapsed)
{
    /// <summary>The fraction done in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => Total is > 0 ? Math.Min(1, (double)Done / Total.Value) : null;

    /// <summary>The estimated time left (linear in units), or null before the first unit or without a total.</summary>
    public TimeSpan? Remaining => Total is { } total && Done > 0
        ? TimeSpan.FromTicks((long)(Elapsed.Ticks * (double)Math.Max(0, total - Done) / Done))
        : null;

    /// <summary>True when the step is complete.</summary>
    public bool Finished => Total is { } t && Done >= t;
}
