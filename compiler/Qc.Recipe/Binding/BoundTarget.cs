using Qc.Core.Diagnostics;

namespace Qc.Recipe.Binding;

/// <summary>The compilation target: an LLVM triple and a CPU or GPU architecture.</summary>
public sealed record BoundTarget(string Triple, string Cpu, Location Location)
{
    /// <inheritdoc/>
    public override string ToString() => Triple + ":" + Cpu;
}
