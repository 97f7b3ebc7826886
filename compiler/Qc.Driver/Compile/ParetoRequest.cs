using Qc.Recipe;

namespace Qc.Driver.Compile;

/// <summary>The inputs of <c>qc plan recipe.yaml --pareto</c>: sweep the size budget of the recipe's <c>allocate</c>.</summary>
/// <param name="RecipePath">The recipe file, shown in diagnostics as given.</param>
public sealed record ParetoRequest(string RecipePath)
{
    /// <summary>Budgets in the sweep (at least 2).</summary>
    public int Points { get; init; } = 12;

    /// <summary>Also compress each distinct allocation and measure it on ONNX Runtime.</summary>
    public bool Measure { get; init; }

    /// <summary>The folder for <c>pareto.csv</c> and <c>pareto.svg</c>; null for the folder of the recipe's <c>output:</c>.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Calibration samples used to measure <c>output_mse</c> (and, with <see cref="Measure"/>, the measured MSE).</summary>
    public int SensitivitySamples { get; init; } = 64;

    /// <summary>The cache folder; null for <c>$QC_CACHE_DIR</c>, else <c>.qc-cache</c> under the working directory.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Environment and working directory for the recipe.</summary>
    public RecipeOptions? RecipeOptions { get; init; }

    /// <summary>The compile request whose session the sweep reuses (same caches).</summary>
    internal CompileRequest ToCompile() => new(RecipePath)
    {
        Emit = CompileEmit.Onnx,
        OutputDirectory = OutputDirectory,
        SensitivitySamples = SensitivitySamples,
        CacheDirectory = CacheDirectory,
        RecipeOptions = RecipeOptions,
    };
}
