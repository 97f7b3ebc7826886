namespace Qc.Codegen.Llvm;

/// <summary>LLVM refused something (verification, pass pipeline, target lookup, emission); the message is LLVM's.</summary>
/// <remarks>For qc this is a compiler bug, not a user mistake: user input is validated before it reaches LLVM.</remarks>
public sealed class LlvmException : Exception
{
    /// <summary>Creates the exception with LLVM's message.</summary>
    public LlvmException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with LLVM's message and the underlying cause.</summary>
    public LlvmException(string message, Exception inner) : base(message, inner)
    {
    }
}
