using System.Collections.Immutable;
using Qc.Codegen;
using Qc.Codegen.Llvm.Kernels;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Lowering;
using Qc.Package;
using IrBufferKind = Qc.Ir.Kernel.BufferKind;
using PkgBufferKind = Qc.Package.BufferKind;

namespace Qc.Driver.Emit;

/// <summary>Builds the manifest and <c>weights.bin</c> of a package from a lowered kernel module, its memory plan and the
/// code of each target (specs/package.md).</summary>
/// <remarks>Buffers keep the module's order without those no kernel uses (a weight lowering replaced by a packed copy),
/// renumbered densely with the kernels' arguments; weights are laid out in buffer order at 64-byte offsets of
/// <c>weights.bin</c> (zero padding); arena buffers take the memory plan's offsets. The interface names are the graph's input and output
/// names (the module's input and output buffers are created in that order).</remarks>
internal static class PackageAssembler
{
    /// <summary>The manifest, and the bytes of <c>weights.bin</c> (null when the module has no weights). Reports QC4502
    /// for an element type packages cannot hold and returns null.</summary>
    public static (PackageManifest Manifest, byte[]? Weights)? Build(
        KernelModule module,
        MemoryPlan plan,
        IReadOnlyList<string> inputNames,
        IReadOnlyList<string> outputNames,
        IReadOnlyList<CompiledCode> code,
        string qcVersion,
        string modelPath,
        DiagnosticBag bag)
    {
        var used = module.Kernels.SelectMany(k => k.Parameters).Select(b => b.Id).ToHashSet();
        var kept = module.Buffers.Where(b => b.Kind is IrBufferKind.Input or IrBufferKind.Output || used.Contains(b.Id)).ToList();
        var ids = kept.Select((b, i) => (b.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var buffers = new List<ManifestBuffer>(kept.Count);
        using var weights = new MemoryStream();
        var ok = true;
        foreach (var b in kept)
        {
            if (DType(b.ElementType) is not { } dtype)
            {
                bag.Error(EmitCodes.UnsupportedInterfaceType, new FileLocation(modelPath),
                    $"tensor '{b.Name}' has element type {b.ElementType.Name()}, which packages cannot hold",
                    "packages hold f32, f16, bf16, f64, i8, u8, i16, i32, i64 and bool tensors: cast the model's inputs and outputs to one of them");
                ok = false;
                continue;
            }

            long? offset = null;
            if (b.Kind == IrBufferKind.Weight)
            {
                offset = weights.Length;
                weights.Write(b.Data!.Data.Span);
                Pad(weights);
            }
            else if (b.Kind == IrBufferKind.Temp)
            {
                offset = plan.Find(b.Name)?.Offset ?? throw new InvalidOperationException($"the memory plan has no slot for temp '{b.Name}'");
            }

            buffers.Add(new ManifestBuffer(ids[b.Id], b.Name, Kind(b.Kind), dtype, [.. b.Shape], MemoryPlanner.Bytes(b), offset));
        }

        if (!ok)
        {
            return null;
        }

        var inputs = Interface(kept, IrBufferKind.Input, inputNames, buffers);
        var outputs = Interface(kept, IrBufferKind.Output, outputNames, buffers);
        var targets = code.Select(c => Target(c, ids)).ToList();
        var manifest = new PackageManifest(PackageManifest.CurrentFormat, qcVersion, inputs, outputs, plan.ArenaBytes, buffers, targets);
        return (manifest, kept.Any(b => b.Kind == IrBufferKind.Weight) ? weights.ToArray() : null);
    }

    /// <summary>The package element type of a kernel IR element type, or null (u16, u32, u64, strings, ...).</summary>
    public static QcDType? DType(ElementType type) => type switch
    {
        ElementType.F32 => QcDType.F32,
        ElementType.F16 => QcDType.F16,
        ElementType.BF16 => QcDType.BF16,
        ElementType.F64 => QcDType.F64,
        ElementType.I8 => QcDType.I8,
        ElementType.U8 => QcDType.U8,
        ElementType.I16 => QcDType.I16,
        ElementType.I32 => QcDType.I32,
        ElementType.I64 => QcDType.I64,
        ElementType.Bool => QcDType.Bool,
        _ => null,
    };

    /// <summary>The target kind of a target name.</summary>
    public static TargetKind KindOf(TargetName target) => target.Architecture == TargetArchitecture.Nvptx64 ? TargetKind.Cuda : TargetKind.Cpu;

    private static ManifestTarget Target(CompiledCode code, Dictionary<int, int> ids)
    {
        var name = code.Target.Name.ToString();
        var kind = KindOf(code.Target.Name);
        var kernels = code.Kernels.Select(k => k.Launch is { } l
            ? new ManifestKernel(k.Name, k.Symbol, [.. k.Args.Select(a => ids[a])], [.. l.Grid], [.. l.Block], l.SharedBytes)
            : new ManifestKernel(k.Name, k.Symbol, [.. k.Args.Select(a => ids[a])])).ToList();
        return new ManifestTarget(name, kind, SectionNames.CodeSection(name, kind), kernels);
    }

    private static List<ManifestTensor> Interface(List<KernelBuffer> kept, IrBufferKind kind, IReadOnlyList<string> names, List<ManifestBuffer> buffers)
    {
        var ids = kept.Select((b, i) => (b, i)).Where(p => p.b.Kind == kind).Select(p => p.i).ToList();
        if (ids.Count != names.Count)
        {
            throw new InvalidOperationException($"lowering made {ids.Count} {kind} buffers for {names.Count} graph {kind}s");
        }

        return [.. ids.Select((id, i) => new ManifestTensor(names[i], buffers[id].DType, buffers[id].Shape, id))];
    }

    private static PkgBufferKind Kind(IrBufferKind kind) => kind switch
    {
        IrBufferKind.Input => PkgBufferKind.Input,
        IrBufferKind.Output => PkgBufferKind.Output,
        IrBufferKind.Weight => PkgBufferKind.Weight,
        IrBufferKind.Temp => PkgBufferKind.Arena,
        _ => throw new System.Diagnostics.UnreachableException($"buffer kind {kind}"),
    };

    private static void Pad(MemoryStream stream)
    {
        var pad = (int)((MemoryPlan.Alignment - (stream.Length % MemoryPlan.Alignment)) % MemoryPlan.Alignment);
        stream.Write(new byte[pad]);
    }
}
