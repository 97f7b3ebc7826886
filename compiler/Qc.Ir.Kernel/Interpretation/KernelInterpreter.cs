using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using C = Qc.Ir.Kernel.KernelDiagnosticCodes;

namespace Qc.Ir.Kernel;

/// <summary>Runs a kernel module on the host: the semantic reference for code generation (specs/kernel-ir.md, "Semantics").</summary>
/// <remarks>
/// The constructor verifies the module and compiles every kernel body into an array of closures over a register file
/// (no dictionaries or allocations per executed op). Parallel loops run sequentially. A run-time error (an access out of
/// bounds, an integer division by zero, a non-positive step) stops the run with a diagnostic naming the kernel, the
/// buffer and the index. An instance is not thread-safe; create one per thread.
/// </remarks>
public sealed partial class KernelInterpreter
{
    private readonly KernelModule _module;
    private readonly List<CompiledKernel> _kernels = [];
    private readonly Dictionary<KernelBuffer, object> _weights = [];

    /// <summary>Verifies and compiles <paramref name="module"/>. Verifier errors are in <see cref="Diagnostics"/> and make every run fail.</summary>
    public KernelInterpreter(KernelModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        _module = module;
        var bag = new DiagnosticBag();
        bag.AddRange(module.Verify());
        foreach (var b in module.Buffers.Where(b => b.ElementCount is < 0 or > 1L << 30))
        {
            bag.Error(C.BadBuffer, Location.None, $"buffer '{b.Name}' has {b.ElementCount} elements; the interpreter holds at most 2^30");
        }

        Diagnostics = [.. bag];
        if (bag.HasErrors)
        {
            return;
        }

        foreach (var b in module.Buffers)
        {
            if (b.Kind == BufferKind.Weight && b.Data is { } data)
            {
                _weights[b] = ToStorage(b, data);
            }
        }

        foreach (var k in module.Kernels)
        {
            _kernels.Add(new Compiler(k).Compile());
        }
    }

    /// <summary>The verifier's diagnostics for the module.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Verifies, compiles and runs a module once.</summary>
    public static KernelRunResult Run(KernelModule module, IReadOnlyDictionary<string, TensorData> inputs) => new KernelInterpreter(module).Run(inputs);

    /// <summary>Runs every kernel in order on <paramref name="inputs"/> (one per input buffer, by name, of the buffer's element
    /// type and element count) and returns the output buffers. Temps and outputs start as zeros.</summary>
    public KernelRunResult Run(IReadOnlyDictionary<string, TensorData> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (Diagnostics.Any(d => d.IsError))
        {
            return new KernelRunResult(ImmutableDictionary<string, TensorData>.Empty, Diagnostics);
        }

        var bag = new DiagnosticBag();
        var n = _module.Buffers.Count;
        var bufI = new long[]?[n];
        var bufF = new double[]?[n];
        foreach (var name in inputs.Keys.Order(StringComparer.Ordinal))
        {
            if (_module.FindBuffer(name) is not { Kind: BufferKind.Input })
            {
                bag.Error(C.BadInput, Location.None, $"'{name}' is not an input buffer of the module",
                    "inputs: " + string.Join(", ", _module.Buffers.Where(b => b.Kind == BufferKind.Input).Select(b => b.Name)));
            }
        }

        foreach (var b in _module.Buffers)
        {
            object storage;
            switch (b.Kind)
            {
                case BufferKind.Input:
                    if (!inputs.TryGetValue(b.Name, out var data))
                    {
                        bag.Error(C.BadInput, Location.None, $"input '{b.Name}' is missing");
                        continue;
                    }

                    if (data.ElementType != b.ElementType || data.ElementCount != b.ElementCount)
                    {
                        bag.Error(C.BadInput, Location.None,
                            $"input '{b.Name}' is {data.ElementCount} x {data.ElementType.Name()}, the buffer holds {b.ElementCount} x {b.ElementType.Name()}");
                        continue;
                    }

                    storage = ToStorage(b, data);
                    break;
                case BufferKind.Weight:
                    storage = _weights[b];
                    break;
                default:
                    var count = checked((int)b.ElementCount);
                    storage = b.ValueType.IsFloat ? new double[count] : new long[count];
                    break;
            }

            bufI[b.Id] = storage as long[];
            bufF[b.Id] = storage as double[];
        }

        if (bag.HasErrors)
        {
            return new KernelRunResult(ImmutableDictionary<string, TensorData>.Empty, [.. Diagnostics, .. bag]);
        }

        foreach (var k in _kernels)
        {
            var frame = new Frame(new long[k.IntSlots], new double[k.FloatSlots], bufI, bufF);
            try
            {
                foreach (var s in k.Body)
                {
                    s(frame);
                }
            }
            catch (KernelFault fault)
            {
                bag.Error(fault.Code, Location.None, fault.Message);
                return new KernelRunResult(ImmutableDictionary<string, TensorData>.Empty, [.. Diagnostics, .. bag]);
            }
        }

        var outputs = ImmutableDictionary.CreateBuilder<string, TensorData>(StringComparer.Ordinal);
        foreach (var b in _module.Buffers.Where(b => b.Kind == BufferKind.Output))
        {
            outputs[b.Name] = FromStorage(b, bufI[b.Id], bufF[b.Id]);
        }

        return new KernelRunResult(outputs.ToImmutable(), [.. Diagnostics, .. bag]);
    }

    /// <summary>Reads a tensor into interpreter memory: doubles for float types, canonical longs for integers and bool.</summary>
    private static object ToStorage(KernelBuffer b, TensorData data)
    {
        if (b.ValueType.IsFloat)
        {
            return data.ToDoubleArray();
        }

        var values = data.ToInt64Array();
        if (b.ValueType.IsBool)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = values[i] != 0 ? 1 : 0;
            }
        }

        return values;
    }

    /// <summary>Writes interpreter memory back to a tensor of the buffer's element type and shape.</summary>
    private static TensorData FromStorage(KernelBuffer b, long[]? ints, double[]? floats)
    {
        var count = checked((int)b.ElementCount);
        var bytes = new byte[b.ElementType.ByteCount(count)];
        var span = bytes.AsSpan();
        for (var i = 0; i < count; i++)
        {
            switch (b.ElementType)
            {
                case ElementType.F32: MemoryMarshal.Write(span[(i * 4)..], (float)floats![i]); break;
                case ElementType.F64: MemoryMarshal.Write(span[(i * 8)..], floats![i]); break;
                case ElementType.F16: MemoryMarshal.Write(span[(i * 2)..], (Half)floats![i]); break;
                case ElementType.BF16: MemoryMarshal.Write(span[(i * 2)..], (ushort)(BitConverter.SingleToUInt32Bits((float)floats![i]) >> 16)); break;
                case ElementType.I64: MemoryMarshal.Write(span[(i * 8)..], ints![i]); break;
                case ElementType.I32 or ElementType.U32: MemoryMarshal.Write(span[(i * 4)..], (uint)ints![i]); break;
                case ElementType.I16 or ElementType.U16: MemoryMarshal.Write(span[(i * 2)..], (ushort)ints![i]); break;
                default: bytes[i] = (byte)ints![i]; break;
            }
        }

        return TensorData.FromBytes(b.ElementType, b.Shape.AsSpan(), bytes);
    }

    /// <summary>A compiled kernel: its register file sizes and body.</summary>
    private sealed record CompiledKernel(string Name, int IntSlots, int FloatSlots, Action<Frame>[] Body);

    private static string Str(long v) => v.ToString(CultureInfo.InvariantCulture);
}
