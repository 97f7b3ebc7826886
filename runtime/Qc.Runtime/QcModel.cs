using System.Buffers;
using Qc.Package;
using Qc.Runtime.Cuda;

namespace Qc.Runtime;

/// <summary>A loaded package ready to run: <c>using var m = QcModel.Load("model.qcpkg"); var y = m.Run(inputs);</c></summary>
/// <remarks>Loading validates the whole package (a damaged one throws <see cref="PackageException"/>), picks the target,
/// loads its code and sets up buffers; running checks the inputs' names, element types and shapes. Runs of one model are
/// serialised (they share the arena); use one model per concurrent caller.</remarks>
public sealed class QcModel : IDisposable
{
    private readonly QcPackage _package;
    private readonly IExecutor _executor;
    private readonly object _runLock = new();
    private readonly long[]? _ticks;
    private long _runs;
    private bool _disposed;

    private QcModel(QcPackage package, ManifestTarget target, IExecutor executor, int threads, bool profile)
    {
        _package = package;
        Target = target;
        _executor = executor;
        Threads = threads;
        _ticks = profile ? new long[target.Kernels.Count] : null;
    }

    /// <summary>The validated manifest.</summary>
    public PackageManifest Manifest => _package.Manifest;

    /// <summary>The package (mapped file, sections, provenance).</summary>
    public QcPackage Package => _package;

    /// <summary>The target being run.</summary>
    public ManifestTarget Target { get; }

    /// <summary>The CPU threads kernels may use (1 for CUDA targets).</summary>
    public int Threads { get; }

    /// <summary>The model inputs, in order.</summary>
    public IReadOnlyList<ManifestTensor> Inputs => Manifest.Inputs;

    /// <summary>The model outputs, in order.</summary>
    public IReadOnlyList<ManifestTensor> Outputs => Manifest.Outputs;

    /// <summary>Per-kernel times aggregated over the runs so far (empty kernels list unless <see cref="QcOptions.Profile"/>).</summary>
    public QcProfile Profile
    {
        get
        {
            lock (_runLock)
            {
                if (_ticks is null)
                {
                    return new QcProfile(0, []);
                }

                var kernels = new QcKernelProfile[_ticks.Length];
                for (var k = 0; k < kernels.Length; k++)
                {
                    var kernel = Target.Kernels[k];
                    kernels[k] = new QcKernelProfile(k, kernel.Name, kernel.Symbol, _runs, QcProfile.Ticks(_ticks[k]));
                }

                return new QcProfile(_runs, kernels);
            }
        }
    }

    /// <summary>Opens the package at <paramref name="path"/> and prepares the target for running.</summary>
    /// <exception cref="PackageException">The package is missing or damaged (QC70xx).</exception>
    /// <exception cref="QcRuntimeException">No usable target, the code cannot be loaded, a symbol is missing (QC72xx).</exception>
    public static QcModel Load(string path, QcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new QcOptions();
        var threads = options.Threads ?? Environment.ProcessorCount;
        if (threads is < 1 or > QcThreadPool.MaxThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(options), threads, $"Threads must be from 1 to {QcThreadPool.MaxThreads}");
        }

        var package = QcPackage.Open(path);
        try
        {
            var target = ChooseTarget(package.Manifest, options.Target);
            IExecutor executor = target.Kind == TargetKind.Cuda
                ? new CudaExecutor(package, target, options.CudaDevice)
                : new CpuExecutor(package, target, threads, options.CacheDirectory ?? CodeCache.DefaultDirectory());
            return new QcModel(package, target, executor, target.Kind == TargetKind.Cuda ? 1 : threads, options.Profile);
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    /// <summary>Whether CUDA targets can run here (driver and a device present), or why not.</summary>
    public static bool IsCudaAvailable(out string reason) => CudaExecutor.IsAvailable(out reason);

    /// <summary>Runs the model on named inputs and returns the outputs by name (in manifest order).</summary>
    /// <exception cref="QcRuntimeException">An input is unknown, missing, or of the wrong element type or shape.</exception>
    public IReadOnlyDictionary<string, QcTensor> Run(IReadOnlyDictionary<string, QcTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var name in inputs.Keys)
        {
            if (!Inputs.Any(i => i.Name == name))
            {
                throw new QcRuntimeException(QcRuntimeErrorCode.InputMismatch,
                    $"unknown input '{name}' (the model's inputs: {string.Join(", ", Inputs.Select(Describe))})");
            }
        }

        var inputMemory = new ReadOnlyMemory<byte>[Inputs.Count];
        for (var i = 0; i < Inputs.Count; i++)
        {
            var spec = Inputs[i];
            if (!inputs.TryGetValue(spec.Name, out var tensor) || tensor is null)
            {
                throw new QcRuntimeException(QcRuntimeErrorCode.InputMismatch, $"missing input '{spec.Name}' ({QcDTypes.Name(spec.DType)} {QcTensor.Format(spec.Shape)})");
            }

            CheckTensor("input", spec, tensor);
            inputMemory[i] = tensor.Data;
        }

        var outputs = new QcTensor[Outputs.Count];
        var outputMemory = new Memory<byte>[Outputs.Count];
        for (var o = 0; o < outputs.Length; o++)
        {
            outputs[o] = QcTensor.Zeros(Outputs[o].DType, Outputs[o].Shape);
            outputMemory[o] = outputs[o].Data;
        }

        Run(inputMemory, outputMemory);
        var result = new Dictionary<string, QcTensor>(outputs.Length, StringComparer.Ordinal);
        for (var o = 0; o < outputs.Length; o++)
        {
            result.Add(Outputs[o].Name, outputs[o]);
        }

        return result;
    }

    /// <summary>Runs the model on raw tensor bytes in manifest order, writing into caller memory (no allocation).</summary>
    /// <param name="inputs">Per input of <see cref="Inputs"/>, its bytes (row-major, little-endian), exactly its size.</param>
    /// <param name="outputs">Per output of <see cref="Outputs"/>, memory of exactly its size.</param>
    /// <exception cref="QcRuntimeException">Wrong counts or sizes.</exception>
    public unsafe void Run(ReadOnlySpan<ReadOnlyMemory<byte>> inputs, ReadOnlySpan<Memory<byte>> outputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (inputs.Length != Inputs.Count)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.InputMismatch, $"{inputs.Length} inputs given, the model has {Inputs.Count}");
        }

        if (outputs.Length != Outputs.Count)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.OutputMismatch, $"{outputs.Length} outputs given, the model has {Outputs.Count}");
        }

        var buffers = Manifest.Buffers;
        var handles = new MemoryHandle[inputs.Length + outputs.Length];
        var pointers = new IntPtr[buffers.Count];
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var b = buffers[Inputs[i].Buffer];
                if (inputs[i].Length != b.Bytes)
                {
                    throw new QcRuntimeException(QcRuntimeErrorCode.ShapeMismatch, $"input '{Inputs[i].Name}' has {inputs[i].Length} bytes, the model expects {b.Bytes} ({Describe(Inputs[i])})");
                }

                handles[i] = inputs[i].Pin();
                pointers[b.Id] = (IntPtr)handles[i].Pointer;
            }

            for (var o = 0; o < outputs.Length; o++)
            {
                var b = buffers[Outputs[o].Buffer];
                if (outputs[o].Length != b.Bytes)
                {
                    throw new QcRuntimeException(QcRuntimeErrorCode.OutputMismatch, $"output '{Outputs[o].Name}' has room for {outputs[o].Length} bytes, the model writes {b.Bytes} ({Describe(Outputs[o])})");
                }

                handles[inputs.Length + o] = outputs[o].Pin();
                pointers[b.Id] = (IntPtr)handles[inputs.Length + o].Pointer;
            }

            lock (_runLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _executor.Run(pointers, _ticks);
                _runs++;
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Dispose();
            }
        }
    }

    /// <summary>Clears the profile.</summary>
    public void ResetProfile()
    {
        lock (_runLock)
        {
            _runs = 0;
            if (_ticks is not null)
            {
                Array.Clear(_ticks);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_runLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _executor.Dispose();
            _package.Dispose();
        }
    }

    private static ManifestTarget ChooseTarget(PackageManifest manifest, string? name)
    {
        var host = HostCpu.Current;
        var available = string.Join(", ", manifest.Targets.Select(t => t.Name));
        if (name is null)
        {
            return host.SelectTarget(manifest, out var reasons)
                ?? throw new QcRuntimeException(QcRuntimeErrorCode.NoTarget, $"no target in the package runs on this {host.Architecture} host: {reasons}");
        }

        var target = manifest.Targets.FirstOrDefault(t => t.Name == name)
            ?? throw new QcRuntimeException(QcRuntimeErrorCode.NoTarget, $"target '{name}' is not in the package (it has: {available})");
        if (target.Kind == TargetKind.Cpu && !host.CanRun(target.Name, out _, out var why, out var known)
            && (known || HostCpu.ArchitectureOf(target.Name) != host.Architecture))
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.TargetNotRunnable, $"target '{name}' cannot run on this host: {why}");
        }

        return target;
    }

    private static void CheckTensor(string role, ManifestTensor spec, QcTensor tensor)
    {
        if (tensor.DType != spec.DType)
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.DTypeMismatch,
                $"{role} '{spec.Name}' is {QcDTypes.Name(tensor.DType)}, the model expects {QcDTypes.Name(spec.DType)}");
        }

        if (!tensor.Shape.SequenceEqual(spec.Shape))
        {
            throw new QcRuntimeException(QcRuntimeErrorCode.ShapeMismatch,
                $"{role} '{spec.Name}' has shape {QcTensor.Format(tensor.Shape)}, the model expects {QcTensor.Format(spec.Shape)}");
        }
    }

    private static string Describe(ManifestTensor t) => $"'{t.Name}' {QcDTypes.Name(t.DType)} {QcTensor.Format(t.Shape)}";
}
