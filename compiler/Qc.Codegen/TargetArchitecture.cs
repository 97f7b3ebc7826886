namespace Qc.Codegen;

/// <summary>The instruction set architectures qc generates code for.</summary>
public enum TargetArchitecture
{
    /// <summary>x86-64 (AMD64), Linux, GNU ABI.</summary>
    X86_64,

    /// <summary>64-bit Arm, Linux, GNU ABI.</summary>
    AArch64,

    /// <summary>NVIDIA PTX (64-bit addressing), CUDA driver.</summary>
    Nvptx64,
}
