namespace Qc.Runtime;

/// <summary>Why the runtime cannot load or run a package; the number is the stable diagnostic code (<c>QC72nn</c>,
/// specs/package.md). Problems with the package file itself are <see cref="Qc.Package.PackageException"/> (<c>QC70nn</c>).</summary>
public enum QcRuntimeErrorCode
{
    /// <summary>No target in the package runs on this host, or the requested target is not in the package.</summary>
    NoTarget = 7201,

    /// <summary>The requested target needs another architecture or CPU features this host lacks.</summary>
    TargetNotRunnable = 7202,

    /// <summary>The shared object cannot be loaded (<c>dlopen</c> failed).</summary>
    LibraryLoad = 7203,

    /// <summary>A kernel symbol (or <c>qc_abi_version</c>) is not exported by the code.</summary>
    MissingSymbol = 7204,

    /// <summary>The code was built for another native ABI version.</summary>
    AbiMismatch = 7205,

    /// <summary>The inputs do not match the model's: unknown, missing or extra names, wrong count.</summary>
    InputMismatch = 7206,

    /// <summary>A tensor's shape differs from the model's.</summary>
    ShapeMismatch = 7207,

    /// <summary>A tensor's element type differs from the model's.</summary>
    DTypeMismatch = 7208,

    /// <summary>The CUDA driver (<c>libcuda.so.1</c>) or a CUDA device is not available.</summary>
    CudaUnavailable = 7209,

    /// <summary>A CUDA driver call failed (the message has the driver's error name and text).</summary>
    CudaError = 7210,

    /// <summary>A <c>.npy</c> file cannot be read or written, or holds an unsupported type or layout.</summary>
    Npy = 7211,

    /// <summary>The code cache folder cannot be written.</summary>
    CodeCache = 7212,

    /// <summary>Caller-provided output memory has the wrong size.</summary>
    OutputMismatch = 7213,
}
