using Qc.Core.Diagnostics;

namespace Qc.Ir.Graph;

/// <summary>Runs type and shape inference over a module, op by op in order, regions included.</summary>
public static class TypeInference
{
    /// <summary>Infers the result types of every op of the module. Problems become diagnostics; nothing throws for bad models.</summary>
    public static InferenceContext Run(GraphModule module, DiagnosticBag diagnostics, Func<Op, Location>? locate = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var context = new InferenceContext(module, diagnostics, locate);
        context.InferGraph(module.Main);
        return context;
    }
}
