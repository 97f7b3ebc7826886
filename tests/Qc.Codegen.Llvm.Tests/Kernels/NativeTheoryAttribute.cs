using Qc.Testing;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>A theory needing native tools: skipped with the reason when they are missing, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NativeTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NativeTheoryAttribute(Tool tools) => Skip = TestEnvironment.IsCi ? null : NativeTools.MissingReason(tools);
}
