using Qc.Ir.Graph;

namespace Qc.Onnx;

/// <summary>Options of <see cref="OnnxImporter"/>.</summary>
public sealed record ImportOptions
{
    /// <summary>Shapes that override the model's declared graph input shapes, by input name (for example <c>x</c> = 1x3x48x192).</summary>
    /// <remarks>The rank must match the declared rank and static dims must agree; symbolic or unknown declared dims may be set freely.
    /// Pinning an input that also has an initializer (an IR &lt; 4 style default) keeps it a graph input instead of a constant.</remarks>
    public IReadOnlyDictionary<string, Dim[]>? InputShapes { get; init; }

    /// <summary>Run type inference after building the graph (default true). When false, only declared types are set.</summary>
    public bool InferTypes { get; init; } = true;
}
