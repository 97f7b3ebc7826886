using Qc.Core.Tensors;

namespace Qc.Lowering.Model;

/// <summary>A statically shaped tensor of the lowering graph: a graph input, a constant, or a node result.</summary>
internal sealed class LValue
{
    public LValue(string name, ElementType elementType, long[] shape)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
    }

    /// <summary>The graph IR value name.</summary>
    public string Name { get; }

    public ElementType ElementType { get; }

    /// <summary>The static dimensions (empty for a scalar).</summary>
    public long[] Shape { get; }

    /// <summary>The contents when the value is a constant (a weight, or folded).</summary>
    public TensorData? Constant { get; set; }

    /// <summary>The node computing the value (null for graph inputs and constants).</summary>
    public LNode? Producer { get; set; }

    /// <summary>The nodes reading the value, in schedule order (a node reading it twice is listed once).</summary>
    public List<LNode> Consumers { get; } = [];

    public bool IsGraphInput { get; init; }

    public bool IsGraphOutput { get; set; }

    public bool IsConstant => Constant is not null;

    public long ElementCount => TensorData.ElementCountOf(Shape);

    public override string ToString() => "%" + Name;
}
