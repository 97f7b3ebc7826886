using System.Runtime.InteropServices;

namespace Qc.Codegen.Llvm.Interop;

/// <summary>The LLVM 19 C API functions qc uses, bound by <c>[LibraryImport]</c> to <c>libLLVM.so.19.1</c>.</summary>
/// <remarks>Only typed builder APIs (<c>*2</c>) are bound, so the same declarations work on LLVM 14, 15 and 19
/// (<c>LLVM_C_LIB</c> overrides the library). Strings LLVM allocates are returned as <see cref="IntPtr"/> and freed with
/// <see cref="LLVMDisposeMessage"/>; <c>LLVMBool</c> is <see cref="int"/>. All handles are raw pointers: ownership lives
/// in the <see cref="LlvmHandle"/> subclasses.</remarks>
internal static unsafe partial class LlvmApi
{
    private const string Lib = "LLVM";

    /// <summary>The library loaded when <c>LLVM_C_LIB</c> is not set.</summary>
    public const string DefaultLibrary = "libLLVM.so.19.1";

    /// <summary>Attribute index of the function itself.</summary>
    public const uint FunctionIndex = 0xFFFFFFFF;

    /// <summary><c>LLVMReturnStatusAction</c>: verification reports instead of aborting.</summary>
    public const int ReturnStatusAction = 2;

    /// <summary><c>LLVMAssemblyFile</c> (also PTX text).</summary>
    public const int AssemblyFile = 0;

    /// <summary><c>LLVMObjectFile</c>.</summary>
    public const int ObjectFile = 1;

    /// <summary><c>LLVMCodeGenLevelAggressive</c> (-O3).</summary>
    public const int OptAggressive = 3;

    /// <summary><c>LLVMRelocPIC</c>, for shared objects.</summary>
    public const int RelocPic = 2;

    /// <summary><c>LLVMCodeModelDefault</c>.</summary>
    public const int CodeModelDefault = 0;

    static LlvmApi() => NativeLibrary.SetDllImportResolver(typeof(LlvmApi).Assembly, Resolve);

    /// <summary>The library file to load: <c>LLVM_C_LIB</c> or <see cref="DefaultLibrary"/>.</summary>
    public static string LibraryPath => Environment.GetEnvironmentVariable("LLVM_C_LIB") is { Length: > 0 } p ? p : DefaultLibrary;

    private static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? path) =>
        name == Lib ? NativeLibrary.Load(LibraryPath) : IntPtr.Zero;

    // Context and module
    [LibraryImport(Lib)] public static partial IntPtr LLVMContextCreate();
    [LibraryImport(Lib)] public static partial void LLVMContextDispose(IntPtr c);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMModuleCreateWithNameInContext(string name, IntPtr c);
    [LibraryImport(Lib)] public static partial void LLVMDisposeModule(IntPtr m);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial void LLVMSetTarget(IntPtr m, string triple);
    [LibraryImport(Lib)] public static partial void LLVMSetModuleDataLayout(IntPtr m, IntPtr td);
    [LibraryImport(Lib)] public static partial IntPtr LLVMPrintModuleToString(IntPtr m);
    [LibraryImport(Lib)] public static partial void LLVMDisposeMessage(IntPtr message);

    // Types
    [LibraryImport(Lib)] public static partial IntPtr LLVMFloatTypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMDoubleTypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMHalfTypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMBFloatTypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMInt1TypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMInt8TypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMInt32TypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMInt64TypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMVoidTypeInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial IntPtr LLVMPointerTypeInContext(IntPtr c, uint addressSpace);
    [LibraryImport(Lib)] public static partial IntPtr LLVMFunctionType(IntPtr ret, IntPtr* parameters, uint count, int isVarArg);
    [LibraryImport(Lib)] public static partial IntPtr LLVMVectorType(IntPtr element, uint count);

    // Functions, values, attributes
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMAddFunction(IntPtr m, string name, IntPtr fnType);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMGetNamedFunction(IntPtr m, string name);
    [LibraryImport(Lib)] public static partial IntPtr LLVMGetParam(IntPtr fn, uint index);
    [LibraryImport(Lib)] public static partial void LLVMSetValueName2(IntPtr v, byte* name, nuint length);
    [LibraryImport(Lib)] public static partial IntPtr LLVMConstInt(IntPtr type, ulong value, int signExtend);
    [LibraryImport(Lib)] public static partial IntPtr LLVMConstReal(IntPtr type, double value);
    [LibraryImport(Lib)] public static partial IntPtr LLVMConstNull(IntPtr type);
    [LibraryImport(Lib)] public static partial uint LLVMGetEnumAttributeKindForName(byte* name, nuint length);
    [LibraryImport(Lib)] public static partial IntPtr LLVMCreateEnumAttribute(IntPtr c, uint kind, ulong value);
    [LibraryImport(Lib)] public static partial IntPtr LLVMCreateStringAttribute(IntPtr c, byte* key, uint keyLength, byte* value, uint valueLength);
    [LibraryImport(Lib)] public static partial void LLVMAddAttributeAtIndex(IntPtr fn, uint index, IntPtr attribute);
    [LibraryImport(Lib)] public static partial void LLVMSetAlignment(IntPtr v, uint bytes);

    // Metadata
    [LibraryImport(Lib)] public static partial IntPtr LLVMMDStringInContext(IntPtr c, byte* text, uint length);
    [LibraryImport(Lib)] public static partial IntPtr LLVMMDNodeInContext(IntPtr c, IntPtr* values, uint count);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial void LLVMAddNamedMetadataOperand(IntPtr m, string name, IntPtr value);

    // Builder
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMAppendBasicBlockInContext(IntPtr c, IntPtr fn, string name);
    [LibraryImport(Lib)] public static partial IntPtr LLVMCreateBuilderInContext(IntPtr c);
    [LibraryImport(Lib)] public static partial void LLVMDisposeBuilder(IntPtr b);
    [LibraryImport(Lib)] public static partial void LLVMPositionBuilderAtEnd(IntPtr b, IntPtr block);
    [LibraryImport(Lib)] public static partial IntPtr LLVMGetInsertBlock(IntPtr b);
    [LibraryImport(Lib)] public static partial IntPtr LLVMBuildBr(IntPtr b, IntPtr dest);
    [LibraryImport(Lib)] public static partial IntPtr LLVMBuildCondBr(IntPtr b, IntPtr cond, IntPtr then, IntPtr otherwise);
    [LibraryImport(Lib)] public static partial IntPtr LLVMBuildRetVoid(IntPtr b);
    [LibraryImport(Lib)] public static partial IntPtr LLVMBuildRet(IntPtr b, IntPtr v);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildPhi(IntPtr b, IntPtr type, string name);
    [LibraryImport(Lib)] public static partial void LLVMAddIncoming(IntPtr phi, IntPtr* values, IntPtr* blocks, uint count);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildICmp(IntPtr b, int predicate, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFCmp(IntPtr b, int predicate, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildSelect(IntPtr b, IntPtr cond, IntPtr then, IntPtr otherwise, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildAdd(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildSub(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildMul(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildNSWAdd(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildNSWMul(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFAdd(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFSub(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFMul(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildFDiv(IntPtr b, IntPtr l, IntPtr r, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildZExt(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildSExt(IntPtr b, IntPtr v, IntPtr type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildInBoundsGEP2(IntPtr b, IntPtr type, IntPtr pointer, IntPtr* indices, uint count, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildLoad2(IntPtr b, IntPtr type, IntPtr pointer, string name);
    [LibraryImport(Lib)] public static partial IntPtr LLVMBuildStore(IntPtr b, IntPtr value, IntPtr pointer);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildCall2(IntPtr b, IntPtr fnType, IntPtr fn, IntPtr* args, uint count, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildInsertElement(IntPtr b, IntPtr vector, IntPtr element, IntPtr index, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildExtractElement(IntPtr b, IntPtr vector, IntPtr index, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMBuildShuffleVector(IntPtr b, IntPtr v1, IntPtr v2, IntPtr mask, string name);
    [LibraryImport(Lib)] public static partial IntPtr LLVMConstVector(IntPtr* values, uint count);

    // Verification
    [LibraryImport(Lib)] public static partial int LLVMVerifyModule(IntPtr m, int action, out IntPtr message);

    // Targets
    [LibraryImport(Lib)] public static partial void LLVMInitializeX86TargetInfo();
    [LibraryImport(Lib)] public static partial void LLVMInitializeX86Target();
    [LibraryImport(Lib)] public static partial void LLVMInitializeX86TargetMC();
    [LibraryImport(Lib)] public static partial void LLVMInitializeX86AsmPrinter();
    [LibraryImport(Lib)] public static partial void LLVMInitializeAArch64TargetInfo();
    [LibraryImport(Lib)] public static partial void LLVMInitializeAArch64Target();
    [LibraryImport(Lib)] public static partial void LLVMInitializeAArch64TargetMC();
    [LibraryImport(Lib)] public static partial void LLVMInitializeAArch64AsmPrinter();
    [LibraryImport(Lib)] public static partial void LLVMInitializeNVPTXTargetInfo();
    [LibraryImport(Lib)] public static partial void LLVMInitializeNVPTXTarget();
    [LibraryImport(Lib)] public static partial void LLVMInitializeNVPTXTargetMC();
    [LibraryImport(Lib)] public static partial void LLVMInitializeNVPTXAsmPrinter();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial int LLVMGetTargetFromTriple(string triple, out IntPtr target, out IntPtr error);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr LLVMCreateTargetMachine(IntPtr target, string triple, string cpu, string features, int level, int reloc, int codeModel);
    [LibraryImport(Lib)] public static partial void LLVMDisposeTargetMachine(IntPtr tm);
    [LibraryImport(Lib)] public static partial IntPtr LLVMCreateTargetDataLayout(IntPtr tm);
    [LibraryImport(Lib)] public static partial void LLVMDisposeTargetData(IntPtr td);
    [LibraryImport(Lib)] public static partial IntPtr LLVMGetHostCPUName();
    [LibraryImport(Lib)] public static partial IntPtr LLVMGetHostCPUFeatures();

    // Emission
    [LibraryImport(Lib)] public static partial int LLVMTargetMachineEmitToMemoryBuffer(IntPtr tm, IntPtr m, int fileType, out IntPtr error, out IntPtr buffer);
    [LibraryImport(Lib)] public static partial IntPtr LLVMGetBufferStart(IntPtr buffer);
    [LibraryImport(Lib)] public static partial nuint LLVMGetBufferSize(IntPtr buffer);
    [LibraryImport(Lib)] public static partial void LLVMDisposeMemoryBuffer(IntPtr buffer);

    // Passes and errors
    [LibraryImport(Lib)] public static partial IntPtr LLVMCreatePassBuilderOptions();
    [LibraryImport(Lib)] public static partial void LLVMDisposePassBuilderOptions(IntPtr options);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr LLVMRunPasses(IntPtr m, string passes, IntPtr tm, IntPtr options);
    [LibraryImport(Lib)] public static partial IntPtr LLVMGetErrorMessage(IntPtr error);
    [LibraryImport(Lib)] public static partial void LLVMDisposeErrorMessage(IntPtr message);

    /// <summary>Copies an LLVM-owned message and frees it with <see cref="LLVMDisposeMessage"/>.</summary>
    public static string TakeMessage(IntPtr message)
    {
        if (message == IntPtr.Zero)
        {
            return "";
        }

        try
        {
            return Marshal.PtrToStringUTF8(message) ?? "";
        }
        finally
        {
            LLVMDisposeMessage(message);
        }
    }

    /// <summary>Turns a non-null <c>LLVMErrorRef</c> into its message (consuming the error), or null for success.</summary>
    public static string? TakeError(IntPtr error)
    {
        if (error == IntPtr.Zero)
        {
            return null;
        }

        var message = LLVMGetErrorMessage(error);
        try
        {
            return Marshal.PtrToStringUTF8(message) ?? "";
        }
        finally
        {
            LLVMDisposeErrorMessage(message);
        }
    }
}
