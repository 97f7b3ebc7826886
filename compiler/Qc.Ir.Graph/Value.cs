namespace Qc.Ir.Graph;

/// <summary>An SSA value: a graph or region parameter, or a result of an op.</summary>
/// <remarks>Names are unique within a module and are the ONNX tensor names where the model has them.</remarks>
public sealed class Value
{
    internal Value(string name, IrType type, Op? producer, int resultIndex)
    {
        Name = name;
        Type = type;
        Producer = producer;
        ResultIndex = resultIndex;
    }

    /// <summary>The name (without the <c>%</c> sigil).</summary>
    public string Name { get; internal set; }

    /// <summary>The type; <see cref="IrType.Unknown"/> until inference sets it.</summary>
    public IrType Type { get; set; }

    /// <summary>The op producing this value, or null for parameters.</summary>
    public Op? Producer { get; }

    /// <summary>The index among the producer's results (0 for parameters).</summary>
    public int ResultIndex { get; }

    /// <summary>The tensor type, or null when the type is not a tensor.</summary>
    public TensorType? TensorType => Type as TensorType;

    /// <inheritdoc/>
    public override string ToString() => "%" + Name;
}
