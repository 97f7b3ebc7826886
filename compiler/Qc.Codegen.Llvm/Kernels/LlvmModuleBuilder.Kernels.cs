using System.Text;
using Qc.Codegen.Llvm.Interop;

namespace Qc.Codegen.Llvm;

/// <summary>The builder calls kernel code generation adds to <see cref="LlvmModuleBuilder"/>.</summary>
public sealed unsafe partial class LlvmModuleBuilder
{
    public LlvmType I16 => new(LlvmApi.LLVMInt16TypeInContext(_c));

    /// <summary>An integer type of 1, 8, 16, 32 or 64 bits.</summary>
    public LlvmType Int(int bits) => bits switch
    {
        1 => I1,
        8 => I8,
        16 => I16,
        32 => I32,
        64 => I64,
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "integer types are i1, i8, i16, i32 and i64"),
    };

    /// <summary>A non-packed literal struct type.</summary>
    public LlvmType Struct(params ReadOnlySpan<LlvmType> fields)
    {
        var p = ToPointers(fields);
        fixed (IntPtr* pp = p)
        {
            return new(LlvmApi.LLVMStructTypeInContext(_c, pp, (uint)p.Length, 0));
        }
    }

    /// <summary>The poison value of a type.</summary>
    public LlvmValue Poison(LlvmType type) => new(LlvmApi.LLVMGetPoison(type.Handle));

    /// <summary>Gives a function internal linkage (not exported from the shared object).</summary>
    public void SetInternal(LlvmFunction function) => LlvmApi.LLVMSetLinkage(function.Value.Handle, LlvmApi.InternalLinkage);

    /// <summary>An unconditional branch, returned so that metadata can be attached (<c>llvm.loop</c>).</summary>
    public LlvmValue BrInstruction(LlvmBlock target) => new(LlvmApi.LLVMBuildBr(B, target.Handle));

    public LlvmValue SDiv(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildSDiv(B, l.Handle, r.Handle, ""));
    public LlvmValue UDiv(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildUDiv(B, l.Handle, r.Handle, ""));
    public LlvmValue SRem(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildSRem(B, l.Handle, r.Handle, ""));
    public LlvmValue URem(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildURem(B, l.Handle, r.Handle, ""));
    public LlvmValue FNeg(LlvmValue v) => new(LlvmApi.LLVMBuildFNeg(B, v.Handle, ""));
    public LlvmValue And(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildAnd(B, l.Handle, r.Handle, ""));
    public LlvmValue Or(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildOr(B, l.Handle, r.Handle, ""));
    public LlvmValue Xor(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildXor(B, l.Handle, r.Handle, ""));
    public LlvmValue Shl(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildShl(B, l.Handle, r.Handle, ""));
    public LlvmValue LShr(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildLShr(B, l.Handle, r.Handle, ""));
    public LlvmValue AShr(LlvmValue l, LlvmValue r) => new(LlvmApi.LLVMBuildAShr(B, l.Handle, r.Handle, ""));
    public LlvmValue Trunc(LlvmValue v, LlvmType type) => new(LlvmApi.LLVMBuildTrunc(B, v.Handle, type.Handle, ""));
    public LlvmValue FPExt(LlvmValue v, LlvmType type) => new(LlvmApi.LLVMBuildFPExt(B, v.Handle, type.Handle, ""));
    public LlvmValue FPTrunc(LlvmValue v, LlvmType type) => new(LlvmApi.LLVMBuildFPTrunc(B, v.Handle, type.Handle, ""));
    public LlvmValue SIToFP(LlvmValue v, LlvmType type) => new(LlvmApi.LLVMBuildSIToFP(B, v.Handle, type.Handle, ""));
    public LlvmValue UIToFP(LlvmValue v, LlvmType type) => new(LlvmApi.LLVMBuildUIToFP(B, v.Handle, type.Handle, ""));
    public LlvmValue FPToSI(LlvmValue v, LlvmType type) => new(LlvmApi.LLVMBuildFPToSI(B, v.Handle, type.Handle, ""));
    public LlvmValue BitCast(LlvmValue v, LlvmType type) => new(LlvmApi.LLVMBuildBitCast(B, v.Handle, type.Handle, ""));
    public LlvmValue Alloca(LlvmType type, string name = "") => new(LlvmApi.LLVMBuildAlloca(B, type.Handle, name));
    public LlvmValue StructGep(LlvmType structType, LlvmValue pointer, int index) => new(LlvmApi.LLVMBuildStructGEP2(B, structType.Handle, pointer.Handle, (uint)index, ""));

    /// <summary>Attaches loop metadata to a loop's back-edge branch: a distinct self-referencing <c>llvm.loop</c> node with
    /// the given <c>(name, i32 value)</c> properties (<c>llvm.loop.vectorize.width</c>, <c>llvm.loop.unroll.count</c>);
    /// a value of -1 writes the property with <c>i1 true</c> (<c>llvm.loop.vectorize.enable</c>).</summary>
    public void SetLoopMetadata(LlvmValue backEdge, params ReadOnlySpan<(string Name, int Value)> properties)
    {
        var temp = LlvmApi.LLVMTemporaryMDNode(_c, null, 0);
        var operands = new IntPtr[properties.Length + 1];
        operands[0] = temp;
        var pair = stackalloc IntPtr[2];
        for (var i = 0; i < properties.Length; i++)
        {
            var (name, value) = properties[i];
            var constant = value < 0 ? ConstInt(I1, 1) : ConstI32(value);
            pair[0] = MDString(name);
            pair[1] = LlvmApi.LLVMValueAsMetadata(constant.Handle);
            operands[i + 1] = LlvmApi.LLVMMDNodeInContext2(_c, pair, 2);
        }

        IntPtr node;
        fixed (IntPtr* p = operands)
        {
            node = LlvmApi.LLVMMDNodeInContext2(_c, p, (nuint)operands.Length);
        }

        var nodeValue = LlvmApi.LLVMMetadataAsValue(_c, node);
        LlvmApi.LLVMReplaceMDNodeOperandWith(nodeValue, 0, node);
        LlvmApi.LLVMDisposeTemporaryMDNode(temp);
        var kindName = "llvm.loop"u8.ToArray();
        uint kind;
        fixed (byte* k = kindName)
        {
            kind = LlvmApi.LLVMGetMDKindIDInContext(_c, k, (uint)kindName.Length);
        }

        LlvmApi.LLVMSetMetadata(backEdge.Handle, kind, nodeValue);
    }

    private IntPtr MDString(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            return LlvmApi.LLVMMDStringInContext2(_c, p, (nuint)bytes.Length);
        }
    }
}
