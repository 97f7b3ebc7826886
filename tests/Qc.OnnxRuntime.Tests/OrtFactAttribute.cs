namespace Qc.OnnxRuntime.Tests;

/// <summary>A fact that needs ONNX Runtime (and optionally files): skipped with the reason when they are absent, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrtFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="requiredPaths">Files or folders the test needs: absolute, or relative to the repository root.</param>
    public OrtFactAttribute(params string[] requiredPaths)
    {
        Skip = TestEnvironment.SkipReason(requiredPaths);
    }
}
