using System.Collections.Immutable;
using Qc.Driver.Compile;

namespace Qc.Driver.Emit;

/// <summary>The inputs of the package emit: the compile request (recipe, output, compression settings) and the targets.</summary>
/// <param name="Compile">The compile request; its <see cref="CompileRequest.OutputDirectory"/> is the <c>-o</c> path: a
/// <c>.qcpkg</c> file, or a folder for the recipe's output file name.</param>
public sealed record PackageEmitRequest(CompileRequest Compile)
{
    /// <summary>Target names (<c>triple:cpu[+features]</c> or <c>host</c>); empty for the recipe's <c>target:</c>, else the host.</summary>
    public ImmutableArray<string> Targets { get; init; } = [];
}
