using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Qc.Codegen.Llvm.Interop;

namespace Qc.Codegen.Llvm;

/// <summary>Builds one LLVM module for one target and compiles it: the facade kernel-IR lowering writes through.</summary>
/// <remarks>Owns an LLVM context, the module, an IR builder and the target machine (one module per target: data layout
/// and optimisation are target-specific). Values and types it hands out are valid until it is disposed. Not thread-safe;
/// separate builders may be used on separate threads.</remarks>
public sealed unsafe partial class LlvmModuleBuilder : IDisposable
{
    private readonly LlvmHandle _context;
    private readonly LlvmHandle _module;
    private readonly LlvmHandle _builder;
    private readonly LlvmTargetMachine _machine;
    private readonly IntPtr _c;

    /// <summary>Creates an empty module named <paramref name="name"/> with the target's triple and data layout.</summary>
    public LlvmModuleBuilder(string name, TargetDescriptor target)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(target);
        _machine = new LlvmTargetMachine(target);
        Target = target;
        _context = new LlvmHandle(LlvmApi.LLVMContextCreate(), LlvmApi.LLVMContextDispose, "context");
        _c = _context.Pointer;
        _module = new LlvmHandle(LlvmApi.LLVMModuleCreateWithNameInContext(name, _c), LlvmApi.LLVMDisposeModule, "module", _context);
        _builder = new LlvmHandle(LlvmApi.LLVMCreateBuilderInContext(_c), LlvmApi.LLVMDisposeBuilder, "builder", _context);
        LlvmApi.LLVMSetTarget(Module, target.LlvmTriple);
        var layout = LlvmApi.LLVMCreateTargetDataLayout(_machine.Pointer);
        try
        {
            LlvmApi.LLVMSetModuleDataLayout(Module, layout);
        }
        finally
        {
            LlvmApi.LLVMDisposeTargetData(layout);
        }
    }

    /// <summary>The target the module is built for.</summary>
    public TargetDescriptor Target { get; }

    private IntPtr Module => _module.Pointer;

    private IntPtr B => _builder.Pointer;

    // ---- types ----

    public LlvmType Void => new(LlvmApi.LLVMVoidTypeInContext(_c));
    public LlvmType F32 => new(LlvmApi.LLVMFloatTypeInContext(_c));
    public LlvmType F64 => new(LlvmApi.LLVMDoubleTypeInContext(_c));
    public LlvmType F16 => new(LlvmApi.LLVMHalfTypeInContext(_c));
    public LlvmType BF16 => new(LlvmApi.LLVMBFloatTypeInContext(_c));
    public LlvmType I1 => new(LlvmApi.LLVMInt1TypeInContext(_c));
    public LlvmType I8 => new(LlvmApi.LLVMInt8TypeInContext(_c));
    public LlvmType I32 => new(LlvmApi.LLVMInt32TypeInContext(_c));
    public LlvmType I64 => new(LlvmApi.LLVMInt64TypeInContext(_c));

    /// <summary>The opaque pointer type in an address space (1 is global memory on NVPTX).</summary>
    public LlvmType Ptr(uint addressSpace = 0) => new(LlvmApi.LLVMPointerTypeInContext(_c, addressSpace));

    /// <summary>A fixed-width vector type <c>&lt;n x element&gt;</c>.</summary>
    public LlvmType Vector(LlvmType element, int count) => new(LlvmApi.LLVMVectorType(element.Handle, checked((uint)count)));

    /// <summary>A function type.</summary>
    public LlvmType FunctionType(LlvmType result, params ReadOnlySpan<LlvmType> parameters)
    {
        var p = ToPointers(parameters);
        fixed (IntPtr* pp = p)
        {
            return new(LlvmApi.LLVMFunctionType(result.Handle, pp, (uint)p.Length, 0));
        }
    }

    // ---- constants ----

    public LlvmValue ConstI32(int value) => new(LlvmApi.LLVMConstInt(I32.Handle, unchecked((ulong)value), 1));
    public LlvmValue ConstI64(long value) => new(LlvmApi.LLVMConstInt(I64.Handle, unchecked((ulong)value), 1));
    public LlvmValue ConstInt(LlvmType type, long value) => new(LlvmApi.LLVMConstInt(type.Handle, unchecked((ulong)value), 1));
    public LlvmValue ConstF32(float value) => new(LlvmApi.LLVMConstReal(F32.Handle, value));
    public LlvmValue ConstReal(LlvmType type, double value) => new(LlvmApi.LLVMConstReal(type.Handle, value));
    public LlvmValue Null(LlvmType type) => new(LlvmApi.LLVMConstNull(type.Handle));

    /// <summary>A constant vector of the given constant elements.</summary>
    public LlvmValue ConstVector(params ReadOnlySpan<LlvmValue> elements)
    {
        var p = ToPointers(elements);
        fixed (IntPtr* pp = p)
        {
            return new(LlvmApi.LLVMConstVector(pp, (uint)p.Length));
        }
    }

    // ---- functions, attributes, metadata ----

    /// <summary>Adds a function (a definition once blocks are appended, else a declaration).</summary>
    public LlvmFunction AddFunction(string name, LlvmType type) => new(new(LlvmApi.LLVMAddFunction(Module, name, type.Handle)), type);

    /// <summary>Declares an intrinsic or external function by name, or returns the existing declaration
    /// (<c>llvm.fmuladd.f32</c>, <c>llvm.nvvm.read.ptx.sreg.tid.x</c>).</summary>
    public LlvmFunction DeclareFunction(string name, LlvmType type)
    {
        var existing = LlvmApi.LLVMGetNamedFunction(Module, name);
        return existing != IntPtr.Zero ? new(new(existing), type) : AddFunction(name, type);
    }

    /// <summary>The parameter at <paramref name="index"/>.</summary>
    public LlvmValue Param(LlvmFunction function, int index) => new(LlvmApi.LLVMGetParam(function.Value.Handle, (uint)index));

    /// <summary>Names a value in the printed IR.</summary>
    public void SetName(LlvmValue value, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            LlvmApi.LLVMSetValueName2(value.Handle, p, (nuint)bytes.Length);
        }
    }

    /// <summary>Adds an enum attribute (<c>noalias</c>, <c>nocapture</c>, <c>nounwind</c>) to a parameter (index ≥ 0) or,
    /// with <paramref name="parameter"/> = -1, to the function.</summary>
    public void AddAttribute(LlvmFunction function, int parameter, string attribute, ulong value = 0)
    {
        var bytes = Encoding.ASCII.GetBytes(attribute);
        uint kind;
        fixed (byte* p = bytes)
        {
            kind = LlvmApi.LLVMGetEnumAttributeKindForName(p, (nuint)bytes.Length);
        }

        if (kind == 0)
        {
            throw new LlvmException($"unknown LLVM attribute '{attribute}'");
        }

        LlvmApi.LLVMAddAttributeAtIndex(function.Value.Handle, AttributeIndex(parameter), LlvmApi.LLVMCreateEnumAttribute(_c, kind, value));
    }

    /// <summary>Adds a string attribute to the function (<c>"prefer-vector-width"="512"</c>).</summary>
    public void AddStringAttribute(LlvmFunction function, string key, string value)
    {
        var k = Encoding.UTF8.GetBytes(key);
        var v = Encoding.UTF8.GetBytes(value);
        fixed (byte* pk = k, pv = v)
        {
            var attribute = LlvmApi.LLVMCreateStringAttribute(_c, pk, (uint)k.Length, pv, (uint)v.Length);
            LlvmApi.LLVMAddAttributeAtIndex(function.Value.Handle, LlvmApi.FunctionIndex, attribute);
        }
    }

    /// <summary>Applies the target's function attributes: on AVX-512 CPUs <c>"prefer-vector-width"="512"</c>, without
    /// which LLVM stays at 256-bit vectors.</summary>
    public void ApplyTargetAttributes(LlvmFunction function)
    {
        if (Target.PreferVectorWidth is { } width)
        {
            AddStringAttribute(function, "prefer-vector-width", width.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Marks a function as a GPU entry point: <c>!nvvm.annotations = !{!{ptr @fn, !"kernel", i32 1}}</c>
    /// (without it NVPTX writes a <c>.func</c>, not a <c>.entry</c>).</summary>
    public void MarkKernel(LlvmFunction function)
    {
        if (!Target.IsGpu)
        {
            throw new InvalidOperationException($"kernels are marked only for GPU targets, not '{Target.Name}'");
        }

        var text = "kernel"u8.ToArray();
        IntPtr md;
        fixed (byte* p = text)
        {
            md = LlvmApi.LLVMMDStringInContext(_c, p, (uint)text.Length);
        }

        var values = stackalloc IntPtr[] { function.Value.Handle, md, ConstI32(1).Handle };
        var node = LlvmApi.LLVMMDNodeInContext(_c, values, 3);
        LlvmApi.LLVMAddNamedMetadataOperand(Module, "nvvm.annotations", node);
    }

    // ---- blocks and control flow ----

    public LlvmBlock AppendBlock(LlvmFunction function, string name) => new(LlvmApi.LLVMAppendBasicBlockInContext(_c, function.Value.Handle, name));
    public void PositionAtEnd(LlvmBlock block) => LlvmApi.LLVMPositionBuilderAtEnd(B, block.Handle);
    public LlvmBlock CurrentBlock => new(LlvmApi.LLVMGetInsertBlock(B));
    public void Br(LlvmBlock target) => LlvmApi.LLVMBuildBr(B, target.Handle);
    public void CondBr(LlvmValue condition, LlvmBlock then, LlvmBlock otherwise) => LlvmApi.LLVMBuildCondBr(B, condition.Handle, then.Handle, otherwise.Handle);
    public void RetVoid() => LlvmApi.LLVMBuildRetVoid(B);
    public void Ret(LlvmValue value) => LlvmApi.LLVMBuildRet(B, value.Handle);
    public LlvmValue Phi(LlvmType type, string name = "") => new(LlvmApi.LLVMBuildPhi(B, type.Handle, name));

    /// <summary>Adds one incoming (value, predecessor) pair to a phi.</summary>
    public void AddIncoming(LlvmValue phi, LlvmValue value, LlvmBlock from)
    {
        var v = value.Handle;
        var b = from.Handle;
        LlvmApi.LLVMAddIncoming(phi.Handle, &v, &b, 1);
    }

    // ---- arithmetic ----

    public LlvmValue ICmp(IntPredicate predicate, LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildICmp(B, (int)predicate, l.Handle, r.Handle, name));
    public LlvmValue FCmp(RealPredicate predicate, LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildFCmp(B, (int)predicate, l.Handle, r.Handle, name));
    public LlvmValue Select(LlvmValue condition, LlvmValue then, LlvmValue otherwise, string name = "") => new(LlvmApi.LLVMBuildSelect(B, condition.Handle, then.Handle, otherwise.Handle, name));
    public LlvmValue Add(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildAdd(B, l.Handle, r.Handle, name));
    public LlvmValue Sub(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildSub(B, l.Handle, r.Handle, name));
    public LlvmValue Mul(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildMul(B, l.Handle, r.Handle, name));
    public LlvmValue NswAdd(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildNSWAdd(B, l.Handle, r.Handle, name));
    public LlvmValue NswMul(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildNSWMul(B, l.Handle, r.Handle, name));
    public LlvmValue FAdd(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildFAdd(B, l.Handle, r.Handle, name));
    public LlvmValue FSub(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildFSub(B, l.Handle, r.Handle, name));
    public LlvmValue FMul(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildFMul(B, l.Handle, r.Handle, name));
    public LlvmValue FDiv(LlvmValue l, LlvmValue r, string name = "") => new(LlvmApi.LLVMBuildFDiv(B, l.Handle, r.Handle, name));
    public LlvmValue ZExt(LlvmValue v, LlvmType type, string name = "") => new(LlvmApi.LLVMBuildZExt(B, v.Handle, type.Handle, name));
    public LlvmValue SExt(LlvmValue v, LlvmType type, string name = "") => new(LlvmApi.LLVMBuildSExt(B, v.Handle, type.Handle, name));

    // ---- memory, calls, vectors ----

    /// <summary><c>getelementptr inbounds</c> over <paramref name="elementType"/>.</summary>
    public LlvmValue Gep(LlvmType elementType, LlvmValue pointer, params ReadOnlySpan<LlvmValue> indices)
    {
        var p = ToPointers(indices);
        fixed (IntPtr* pp = p)
        {
            return new(LlvmApi.LLVMBuildInBoundsGEP2(B, elementType.Handle, pointer.Handle, pp, (uint)p.Length, ""));
        }
    }

    /// <summary>A typed load, with an explicit alignment in bytes when given.</summary>
    public LlvmValue Load(LlvmType type, LlvmValue pointer, int alignment = 0, string name = "")
    {
        var v = LlvmApi.LLVMBuildLoad2(B, type.Handle, pointer.Handle, name);
        if (alignment > 0)
        {
            LlvmApi.LLVMSetAlignment(v, (uint)alignment);
        }

        return new(v);
    }

    /// <summary>A store, with an explicit alignment in bytes when given.</summary>
    public void Store(LlvmValue value, LlvmValue pointer, int alignment = 0)
    {
        var s = LlvmApi.LLVMBuildStore(B, value.Handle, pointer.Handle);
        if (alignment > 0)
        {
            LlvmApi.LLVMSetAlignment(s, (uint)alignment);
        }
    }

    /// <summary>A typed call (<c>LLVMBuildCall2</c>); void calls get no name.</summary>
    public LlvmValue Call(LlvmFunction function, params ReadOnlySpan<LlvmValue> args)
    {
        var p = ToPointers(args);
        fixed (IntPtr* pp = p)
        {
            return new(LlvmApi.LLVMBuildCall2(B, function.Type.Handle, function.Value.Handle, pp, (uint)p.Length, ""));
        }
    }

    public LlvmValue InsertElement(LlvmValue vector, LlvmValue element, LlvmValue index, string name = "") => new(LlvmApi.LLVMBuildInsertElement(B, vector.Handle, element.Handle, index.Handle, name));
    public LlvmValue ExtractElement(LlvmValue vector, LlvmValue index, string name = "") => new(LlvmApi.LLVMBuildExtractElement(B, vector.Handle, index.Handle, name));

    /// <summary><c>shufflevector</c> with a constant mask (-1 for poison lanes is not supported: use valid indices).</summary>
    public LlvmValue ShuffleVector(LlvmValue v1, LlvmValue v2, ReadOnlySpan<int> mask, string name = "")
    {
        var lanes = new LlvmValue[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            lanes[i] = ConstI32(mask[i]);
        }

        return new(LlvmApi.LLVMBuildShuffleVector(B, v1.Handle, v2.Handle, ConstVector(lanes).Handle, name));
    }

    // ---- output ----

    /// <summary>The module as LLVM IR text (<c>.ll</c>).</summary>
    public string PrintIr() => LlvmApi.TakeMessage(LlvmApi.LLVMPrintModuleToString(Module));

    /// <summary>Runs LLVM's verifier; a broken module throws <see cref="LlvmException"/> with the verifier's report.</summary>
    /// <remarks>Always before optimising or emitting: unverified IR reaching codegen can abort the process.</remarks>
    public void Verify()
    {
        if (LlvmApi.LLVMVerifyModule(Module, LlvmApi.ReturnStatusAction, out var message) != 0)
        {
            throw new LlvmException("LLVM module verification failed: " + LlvmApi.TakeMessage(message).Trim());
        }

        LlvmApi.LLVMDisposeMessage(message);
    }

    /// <summary>Runs a new-pass-manager pipeline (<c>default&lt;O3&gt;</c>) with the target machine.</summary>
    public void RunPasses(string pipeline = "default<O3>")
    {
        var options = new LlvmHandle(LlvmApi.LLVMCreatePassBuilderOptions(), LlvmApi.LLVMDisposePassBuilderOptions, "pass builder options");
        using (options)
        {
            if (LlvmApi.TakeError(LlvmApi.LLVMRunPasses(Module, pipeline, _machine.Pointer, options.Pointer)) is { } error)
            {
                throw new LlvmException($"pass pipeline '{pipeline}' failed: {error}");
            }
        }
    }

    /// <summary>Emits an object file (x86-64, aarch64 ELF).</summary>
    public byte[] EmitObject()
    {
        if (Target.IsGpu)
        {
            throw new InvalidOperationException("GPU targets emit PTX text (EmitAssembly), not objects");
        }

        return Emit(LlvmApi.ObjectFile);
    }

    /// <summary>Emits assembly text (PTX for NVPTX).</summary>
    public string EmitAssembly() => Encoding.UTF8.GetString(Emit(LlvmApi.AssemblyFile));

    /// <summary>The whole pipeline: verify, <c>default&lt;O3&gt;</c>, emit an object file (CPU) or PTX text as UTF-8 (GPU).</summary>
    public byte[] Compile()
    {
        Verify();
        RunPasses();
        return Target.IsGpu ? Emit(LlvmApi.AssemblyFile) : Emit(LlvmApi.ObjectFile);
    }

    private byte[] Emit(int fileType)
    {
        if (LlvmApi.LLVMTargetMachineEmitToMemoryBuffer(_machine.Pointer, Module, fileType, out var error, out var buffer) != 0)
        {
            throw new LlvmException("LLVM code emission failed: " + LlvmApi.TakeMessage(error));
        }

        using var owner = new LlvmHandle(buffer, LlvmApi.LLVMDisposeMemoryBuffer, "memory buffer");
        var start = LlvmApi.LLVMGetBufferStart(owner.Pointer);
        var size = checked((int)LlvmApi.LLVMGetBufferSize(owner.Pointer));
        var bytes = new byte[size];
        Marshal.Copy(start, bytes, 0, size);
        return bytes;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _builder.Dispose();
        _module.Dispose();
        _context.Dispose();
        _machine.Dispose();
    }

    private static uint AttributeIndex(int parameter) => parameter < 0 ? LlvmApi.FunctionIndex : (uint)(parameter + 1);

    private static IntPtr[] ToPointers(ReadOnlySpan<LlvmType> items)
    {
        var p = new IntPtr[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            p[i] = items[i].Handle;
        }

        return p;
    }

    private static IntPtr[] ToPointers(ReadOnlySpan<LlvmValue> items)
    {
        var p = new IntPtr[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            p[i] = items[i].Handle;
        }

        return p;
    }
}
