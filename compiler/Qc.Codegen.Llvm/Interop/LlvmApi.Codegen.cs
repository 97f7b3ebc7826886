using System.Runtime.InteropServices;

namespace Qc.Codegen.Llvm.Interop;

/// <summary>The LLVM C API functions kernel code generation adds: integer and conversion instructions, allocas and
/// structs, linkage, and the metadata calls that loop hints (<c>llvm.loop</c>) need.</summary>
internal static unsafe partial class LlvmApi
{
    /// <summary><c>LLVMInternalLinkage</c>.</summary>
    public const int InternalLinkage = 8;

    [LibraryImport(Lib)] public static partial IntPtr LLVMInt16TypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMStructTypeInContext(IntPtr c, IntPtr* elements, uint count, int packed);
    [LibraryImport(Lib)] public static partial IntPtr LLVMGetPoison(IntPtr type);
    [LibraryImport(Lib)] public static partial void LLVMSetLinkage(IntPtr global, int linkage);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildSDiv(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildUDiv(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildSRem(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildURem(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFNeg(IntPtr b, IntPtr v, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildAnd(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildOr(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildXor(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildShl(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildLShr(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildAShr(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildTrunc(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFPExt(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFPTrunc(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildSIToFP(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildUIToFP(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFPToSI(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildBitCast(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildAlloca(IntPtr b, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildStructGEP2(IntPtr b, IntPtr type, IntPtr pointer, uint index, string name);

    [LibraryImport(Lib)] public static partial IntPtr LLVMMDStringInContext2(IntPtr c, byte* text, nuint length);
    [LibraryImport(Lib)] public static partial IntPtr LLVMMDNodeInContext2(IntPtr c, IntPtr* metadata, nuint count);
    [LibraryImport(Lib)] public static partial IntPtr LLVMTemporaryMDNode(IntPtr c, IntPtr* metadata, nuint count);
    [LibraryImport(Lib)] public static partial void LLVMDisposeTemporaryMDNode(IntPtr node);
    [LibraryImport(Lib)] public static partial IntPtr LLVMValueAsMetadata(IntPtr value);
    [LibraryImport(Lib)] public static partial IntPtr LLVMMetadataAsValue(IntPtr c, IntPtr metadata);
    [LibraryImport(Lib)] public static partial void LLVMReplaceMDNodeOperandWith(IntPtr node, uint index, IntPtr replacement);
    [LibraryImport(Lib)] public static partial uint LLVMGetMDKindIDInContext(IntPtr c, byte* name, uint length);
    [LibraryImport(Lib)] public static partial void LLVMSetMetadata(IntPtr instruction, uint kind, IntPtr node);
}
