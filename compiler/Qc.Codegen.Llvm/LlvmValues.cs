namespace Qc.Codegen.Llvm;

/// <summary>An LLVM type (<c>LLVMTypeRef</c>), valid while its <see cref="LlvmModuleBuilder"/> lives.</summary>
public readonly record struct LlvmType(IntPtr Handle);

/// <summary>An LLVM value (<c>LLVMValueRef</c>), valid while its <see cref="LlvmModuleBuilder"/> lives.</summary>
public readonly record struct LlvmValue(IntPtr Handle);

/// <summary>A basic block (<c>LLVMBasicBlockRef</c>).</summary>
public readonly record struct LlvmBlock(IntPtr Handle);

/// <summary>A function together with its type, which typed calls (<c>LLVMBuildCall2</c>) need.</summary>
public readonly record struct LlvmFunction(LlvmValue Value, LlvmType Type);

/// <summary>Integer comparison predicates (<c>LLVMIntPredicate</c>).</summary>
public enum IntPredicate
{
    Eq = 32, Ne, Ugt, Uge, Ult, Ule, Sgt, Sge, Slt, Sle,
}

/// <summary>Floating-point comparison predicates (<c>LLVMRealPredicate</c>).</summary>
public enum RealPredicate
{
    False = 0, Oeq, Ogt, Oge, Olt, Ole, One, Ord, Uno, Ueq, Ugt, Uge, Ult, Ule, Une, True,
}
