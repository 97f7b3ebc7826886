namespace Qc.Runtime;

/// <summary>How <see cref="QcModel.Load"/> sets a model up.</summary>
public sealed record QcOptions
{
    /// <summary>Threads for CPU kernels, the calling thread included (1 to 65535); null means
    /// <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Threads { get; init; }

    /// <summary>The target to run (<c>x86_64-linux-gnu:znver4</c>, <c>nvptx64-nvidia-cuda:sm_80</c>); null picks the best
    /// CPU target in the package for this host.</summary>
    public string? Target { get; init; }

    /// <summary>Time every kernel call and aggregate per kernel in <see cref="QcModel.Profile"/>.</summary>
    public bool Profile { get; init; }

    /// <summary>The folder code sections are extracted to for loading; null means <c>$XDG_CACHE_HOME/qc/code</c>, else
    /// <c>~/.cache/qc/code</c>, else a folder under the temporary path.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The CUDA device ordinal for CUDA targets.</summary>
    public int CudaDevice { get; init; }
}
