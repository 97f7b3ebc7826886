namespace Qc.Ir.Graph;

/// <summary>A named subgraph of an op (an ONNX graph attribute such as If's <c>then_branch</c> or Loop's <c>body</c>).</summary>
public sealed record Region(string Name, Graph Body);
