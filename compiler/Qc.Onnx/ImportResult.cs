using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;

namespace Qc.Onnx;

/// <summary>The result of importing an ONNX model: the graph module (null when the file could not be read as a model) and the diagnostics.</summary>
/// <remarks>A module is returned whenever the bytes parsed as a model, even with errors, so tools can show what was understood;
/// only a <see cref="Success"/>ful result is a complete, valid module.</remarks>
public sealed record ImportResult(GraphModule? Module, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when there is a module and no error.</summary>
    public bool Success => Module is not null && !Diagnostics.Any(d => d.IsError);
}
