using Qc.Core.Diagnostics;
using Qc.Ir.Graph;

namespace Qc.Lowering.Model;

/// <summary>One op of the lowering graph: an ONNX op type, its attributes, and statically shaped inputs and results.</summary>
internal sealed class LNode
{
    public LNode(string opType, AttributeMap attributes, List<LValue?> inputs, List<LValue> outputs, string name)
    {
        OpType = opType;
        Attributes = attributes;
        Inputs = inputs;
        Outputs = outputs;
        Name = name;
    }

    /// <summary>The ONNX op type (<c>Conv</c>, <c>Add</c>, ...).</summary>
    public string OpType { get; set; }

    public AttributeMap Attributes { get; set; }

    /// <summary>The inputs; null marks an absent optional input.</summary>
    public List<LValue?> Inputs { get; }

    public List<LValue> Outputs { get; }

    /// <summary>The ONNX node name, or the first result's name when the node has none.</summary>
    public string Name { get; }

    /// <summary>Where diagnostics about this node point.</summary>
    public Location Location { get; init; } = Location.None;

    /// <summary>Elementwise nodes fused into this node's kernel, in evaluation order (epilogue fusion).</summary>
    public List<LNode> Epilogue { get; } = [];

    /// <summary>The node whose kernel computes this one (set on epilogue members).</summary>
    public LNode? FusedInto { get; set; }

    public LValue Output => Outputs[0];

    public LValue? Input(int index) => index < Inputs.Count ? Inputs[index] : null;

    /// <summary>The value the node's kernel finally stores: the last epilogue member's result, or its own.</summary>
    public LValue FinalOutput => Epilogue.Count > 0 ? Epilogue[^1].Output : Output;

    public override string ToString() => $"{OpType} '{Name}'";
}
