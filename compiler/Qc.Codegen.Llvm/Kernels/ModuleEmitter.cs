using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>Translates a kernel module into one LLVM module: per kernel an exported entry (CPU: <c>void SYMBOL(void* const*
/// args, const qc_rt* rt)</c>; CUDA: a <c>.entry</c> with one global pointer per argument) over an internal body function
/// whose buffer pointers are <c>noalias</c>, plus <c>qc_abi_version</c> on CPU targets (specs/codegen.md).</summary>
internal sealed class ModuleEmitter
{
    public ModuleEmitter(LlvmModuleBuilder l, TargetDescriptor target, CompileOptions options)
    {
        L = l;
        Target = target;
        Options = options;
        var nativeRounding = target.Architecture != TargetArchitecture.X86_64 || target.VectorBits >= 256;
        Math = new MathEmitter(l, nativeRounding);
    }

    public LlvmModuleBuilder L { get; }

    public TargetDescriptor Target { get; }

    public CompileOptions Options { get; }

    public MathEmitter Math { get; }

    public bool IsGpu => Target.IsGpu;

    /// <summary>The pointer type of buffers (global memory, address space 1, on NVPTX).</summary>
    public LlvmType BufferPointer => L.Ptr(IsGpu ? 1u : 0u);

    // ---- types ----

    /// <summary>The register type: integers by width (signedness lives in the ops), f16/bf16 held as f32.</summary>
    public LlvmType Reg(KernelType t) => Math.Shaped(RegScalar(t.Scalar), t.Lanes);

    public LlvmType RegScalar(ScalarKind k) => k switch
    {
        ScalarKind.F16 or ScalarKind.BF16 or ScalarKind.F32 => L.F32,
        ScalarKind.F64 => L.F64,
        _ => L.Int(KernelType.BitsOf(k)),
    };

    /// <summary>The memory type of one element: i1 as i8, f16/bf16 as i16 bits.</summary>
    public LlvmType StorageScalar(ScalarKind k) => k switch
    {
        ScalarKind.I1 => L.I8,
        ScalarKind.F16 or ScalarKind.BF16 => L.I16,
        _ => RegScalar(k),
    };

    public static int StorageBytes(ScalarKind k) => k == ScalarKind.I1 ? 1 : KernelType.BitsOf(k) / 8;

    public static FloatShape Shape(KernelType t) => new(t.Scalar == ScalarKind.F64, t.Lanes);

    /// <summary>The intrinsic name suffix of a register type (<c>f32</c>, <c>v8f32</c>, <c>i16</c>, <c>v4i64</c>).</summary>
    public static string Suffix(KernelType t)
    {
        var e = t.Scalar switch
        {
            ScalarKind.F16 or ScalarKind.BF16 or ScalarKind.F32 => "f32",
            ScalarKind.F64 => "f64",
            var k => "i" + KernelType.BitsOf(k).ToString(CultureInfo.InvariantCulture),
        };
        return t.Lanes == 1 ? e : "v" + t.Lanes.ToString(CultureInfo.InvariantCulture) + e;
    }

    // ---- module ----

    public ImmutableArray<CompiledKernel> EmitAll(KernelModule module)
    {
        var result = ImmutableArray.CreateBuilder<CompiledKernel>();
        if (!IsGpu)
        {
            var abi = L.AddFunction("qc_abi_version", L.FunctionType(L.I32));
            L.AddAttribute(abi, -1, "nounwind");
            L.PositionAtEnd(L.AppendBlock(abi, "entry"));
            L.Ret(L.ConstI32(1));
        }

        for (var k = 0; k < module.Kernels.Count; k++)
        {
            var kernel = module.Kernels[k];
            var symbol = SymbolOf(k, kernel.Name);
            var args = kernel.Parameters.Select(b => b.Id).ToImmutableArray();
            var launch = IsGpu ? EmitGpuKernel(kernel, symbol) : EmitCpuKernel(kernel, symbol);
            result.Add(new CompiledKernel(kernel.Name, symbol, args, launch));
        }

        return result.ToImmutable();
    }

    /// <summary><c>qc_k&lt;index&gt;_&lt;name&gt;</c> with every character outside <c>[A-Za-z0-9_]</c> replaced by '_'.</summary>
    public static string SymbolOf(int index, string name)
    {
        var sb = new StringBuilder("qc_k").Append(index.ToString(CultureInfo.InvariantCulture)).Append('_');
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return sb.ToString();
    }

    /// <summary>Defines an internal function whose first parameters are the distinct buffers (<c>noalias</c> pointers),
    /// followed by <paramref name="extras"/>; <paramref name="body"/> fills it (and must end the current block).
    /// The builder's position is restored afterwards.</summary>
    public LlvmFunction DefineBody(string name, IReadOnlyList<KernelBuffer> buffers, IReadOnlyList<LlvmType> extras, Action<FunctionEmitter, LlvmValue[]> body)
    {
        var saved = L.CurrentBlock;
        var types = Enumerable.Repeat(BufferPointer, buffers.Count).Concat(extras).ToArray();
        var fn = L.AddFunction(name, L.FunctionType(L.Void, types));
        L.SetInternal(fn);
        Attributes(fn);
        var pointers = new Dictionary<KernelBuffer, LlvmValue>();
        for (var i = 0; i < buffers.Count; i++)
        {
            L.AddAttribute(fn, i, "noalias");
            pointers[buffers[i]] = L.Param(fn, i);
        }

        var extraValues = Enumerable.Range(0, extras.Count).Select(i => L.Param(fn, buffers.Count + i)).ToArray();
        L.PositionAtEnd(L.AppendBlock(fn, "entry"));
        body(new FunctionEmitter(this, fn, name.Replace(".body", "", StringComparison.Ordinal), pointers), extraValues);
        if (saved.Handle != IntPtr.Zero)
        {
            L.PositionAtEnd(saved);
        }

        return fn;
    }

    public void Attributes(LlvmFunction fn)
    {
        L.AddAttribute(fn, -1, "nounwind");

        // No library functions: without this, O3's loop idiom recognition turns copy and fill loops into memcpy/memset
        // calls, imports a shared object cannot have (QC6102).
        L.AddStringAttribute(fn, "no-builtins", "");
        L.ApplyTargetAttributes(fn);
    }

    private static List<KernelBuffer> Distinct(Kernel kernel) => kernel.Parameters.Distinct().ToList();

    private GpuLaunch? EmitCpuKernel(Kernel kernel, string symbol)
    {
        var buffers = Distinct(kernel);
        var impl = DefineBody(symbol + ".body", buffers, [L.Ptr()], (fe, extra) =>
        {
            fe.Runtime = extra[0];
            fe.EmitBlock(kernel.Body);
            L.RetVoid();
        });
        var entry = L.AddFunction(symbol, L.FunctionType(L.Void, L.Ptr(), L.Ptr()));
        Attributes(entry);
        L.PositionAtEnd(L.AppendBlock(entry, "entry"));
        var args = L.Param(entry, 0);
        var call = new List<LlvmValue>();
        foreach (var b in buffers)
        {
            var slot = L.Gep(L.Ptr(), args, L.ConstI64(kernel.Parameters.IndexOf(b)));
            call.Add(L.Load(L.Ptr(), slot, 8));
        }

        call.Add(L.Param(entry, 1));
        L.Call(impl, [.. call]);
        L.RetVoid();
        return null;
    }

    private GpuLaunch EmitGpuKernel(Kernel kernel, string symbol)
    {
        var buffers = Distinct(kernel);
        var grid = GridLoop(kernel);
        long count = 0;
        var impl = DefineBody(symbol + ".body", buffers, [], (fe, _) =>
        {
            if (grid is { } g)
            {
                count = g.Count;
                fe.EmitGridLoop(kernel.Body, g.Loop, g.Count);
            }
            else
            {
                fe.EmitBlock(kernel.Body);
            }

            L.RetVoid();
        });
        var entry = L.AddFunction(symbol, L.FunctionType(L.Void, [.. Enumerable.Repeat(BufferPointer, kernel.Parameters.Length)]));
        Attributes(entry);
        L.MarkKernel(entry);
        L.PositionAtEnd(L.AppendBlock(entry, "entry"));
        L.Call(impl, [.. buffers.Select(b => L.Param(entry, kernel.Parameters.IndexOf(b)))]);
        L.RetVoid();
        if (grid is null)
        {
            return new GpuLaunch([1, 1, 1], [1, 1, 1], 0);
        }

        var block = (int)System.Math.Min(Options.GpuBlockSize, System.Math.Max(1, count));
        var blocks = (int)System.Math.Max(1, (count + block - 1) / block);
        return new GpuLaunch([blocks, 1, 1], [block, 1, 1], 0);
    }

    /// <summary>The loop a CUDA kernel maps onto the grid: the body is pure ops plus exactly one parallel loop with
    /// constant bounds and step, and its trip count fits a one-dimensional grid.</summary>
    private (ForOp Loop, long Count)? GridLoop(Kernel kernel)
    {
        var others = kernel.Body.Statements.Where(s => s is not KernelOp).ToList();
        if (others is not [ForOp { Parallel: true } loop]
            || !loop.Lo.TryGetConstant(out var lo) || !loop.Hi.TryGetConstant(out var hi) || !loop.Step.TryGetConstant(out var step) || step <= 0)
        {
            return null;
        }

        var count = hi <= lo ? 0 : ((hi - lo - 1) / step) + 1;
        return count / Options.GpuBlockSize >= int.MaxValue ? null : (loop, count);
    }
}
