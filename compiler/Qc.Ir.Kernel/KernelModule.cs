using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Core.Text;

namespace Qc.Ir.Kernel;

/// <summary>A kernel IR module: buffers and the ordered list of kernels (the schedule) that computes the outputs from the inputs.</summary>
public sealed class KernelModule
{
    private readonly List<KernelBuffer> _buffers = [];
    private readonly List<Kernel> _kernels = [];

    /// <summary>Creates an empty module.</summary>
    public KernelModule(string name = "main")
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>The module name (printed <c>kernel.module @name</c>).</summary>
    public string Name { get; set; }

    /// <summary>All buffers in declaration order.</summary>
    public IReadOnlyList<KernelBuffer> Buffers => _buffers;

    /// <summary>The kernels in execution order.</summary>
    public IReadOnlyList<Kernel> Kernels => _kernels;

    /// <summary>The text this module was parsed from (null when built in memory); diagnostics point into it.</summary>
    public SourceText? Source { get; set; }

    /// <summary>Adds a buffer. Names must be unique; the verifier reports duplicates (QC5231).</summary>
    public KernelBuffer AddBuffer(string name, ElementType elementType, ReadOnlySpan<long> shape, BufferKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        var b = new KernelBuffer(_buffers.Count, name, elementType, [.. shape], kind, null);
        _buffers.Add(b);
        return b;
    }

    /// <summary>Adds an input buffer.</summary>
    public KernelBuffer AddInput(string name, ElementType elementType, ReadOnlySpan<long> shape) => AddBuffer(name, elementType, shape, BufferKind.Input);

    /// <summary>Adds an output buffer.</summary>
    public KernelBuffer AddOutput(string name, ElementType elementType, ReadOnlySpan<long> shape) => AddBuffer(name, elementType, shape, BufferKind.Output);

    /// <summary>Adds a temporary buffer.</summary>
    public KernelBuffer AddTemp(string name, ElementType elementType, ReadOnlySpan<long> shape) => AddBuffer(name, elementType, shape, BufferKind.Temp);

    /// <summary>Adds a weight buffer holding <paramref name="data"/> (its element type and dims become the buffer's).</summary>
    public KernelBuffer AddWeight(string name, TensorData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var b = AddBuffer(name, data.ElementType, data.Dims.AsSpan(), BufferKind.Weight);
        b.Data = data;
        return b;
    }

    /// <summary>Appends a kernel to the schedule.</summary>
    public Kernel AddKernel(string name, params ReadOnlySpan<KernelBuffer> parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        var k = new Kernel(this, name, [.. parameters]);
        _kernels.Add(k);
        return k;
    }

    /// <summary>Finds a buffer by name.</summary>
    public KernelBuffer? FindBuffer(string name) => _buffers.Find(b => b.Name == name);

    /// <summary>Finds a kernel by name.</summary>
    public Kernel? FindKernel(string name) => _kernels.Find(k => k.Name == name);

    /// <summary>Removes a kernel from the schedule (passes that fuse kernels use it).</summary>
    public bool RemoveKernel(Kernel kernel) => _kernels.Remove(kernel);

    /// <summary>Inserts a kernel into the schedule at <paramref name="index"/>.</summary>
    public Kernel InsertKernel(int index, string name, params ReadOnlySpan<KernelBuffer> parameters)
    {
        var k = new Kernel(this, name, [.. parameters]);
        _kernels.Insert(index, k);
        return k;
    }

    /// <summary>Checks every invariant of specs/kernel-ir.md; returns the problems (QC52xx), empty when the module is valid.</summary>
    public ImmutableArray<Diagnostic> Verify() => KernelVerifier.Verify(this);

    /// <summary>The module as text (all weight data included when <paramref name="options"/> asks for it).</summary>
    public string Print(KernelPrintOptions? options = null) => KernelPrinter.Print(this, options);

    /// <inheritdoc/>
    public override string ToString() => KernelPrinter.Print(this);
}
