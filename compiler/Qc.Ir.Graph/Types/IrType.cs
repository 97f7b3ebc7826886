using System.Collections.Immutable;
using System.Text;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>The type of a graph value: a tensor, a sequence, an optional, or not yet known.</summary>
public abstract record IrType
{
    /// <summary>A type inference has not determined.</summary>
    public static IrType Unknown { get; } = new UnknownType();

    /// <summary>Renders the type in IR syntax.</summary>
    public abstract override string ToString();
}

/// <summary>A type not yet known (printed <c>?</c>).</summary>
public sealed record UnknownType : IrType
{
    /// <inheritdoc/>
    public override string ToString() => "?";
}

/// <summary>A tensor type: element type and shape. A null <see cref="Dims"/> means the rank is unknown.</summary>
/// <remarks>Printed as <c>tensor&lt;1x3x{h}x?xf32&gt;</c>, a scalar as <c>tensor&lt;f32&gt;</c>, unknown rank as <c>tensor&lt;*xf32&gt;</c>.</remarks>
public sealed record TensorType(ElementType ElementType, ImmutableArray<Dim>? Dims) : IrType
{
    /// <summary>Creates a ranked tensor type.</summary>
    public TensorType(ElementType elementType, params Dim[] dims)
        : this(elementType, (ImmutableArray<Dim>?)dims.ToImmutableArray())
    {
    }

    /// <summary>Creates a tensor type of unknown rank.</summary>
    public static TensorType Unranked(ElementType elementType) => new(elementType, (ImmutableArray<Dim>?)null);

    /// <summary>Creates a ranked tensor type from known sizes.</summary>
    public static TensorType Of(ElementType elementType, IEnumerable<long> dims) =>
        new(elementType, (ImmutableArray<Dim>?)dims.Select(Dim.Of).ToImmutableArray());

    /// <summary>True when the rank is known.</summary>
    public bool HasRank => Dims.HasValue;

    /// <summary>The rank; throws when unknown.</summary>
    public int Rank => Dims!.Value.Length;

    /// <summary>True when every dimension is known.</summary>
    public bool IsStatic => Dims is { } d && d.All(x => x.IsStatic);

    /// <summary>The known sizes, or null when any is not known.</summary>
    public long[]? StaticDims => IsStatic ? Dims!.Value.Select(d => d.Value!.Value).ToArray() : null;

    /// <summary>Number of elements when static.</summary>
    public long? ElementCount => StaticDims is { } s ? TensorData.ElementCountOf(s) : null;

    /// <summary>The same shape with another element type.</summary>
    public TensorType WithElementType(ElementType elementType) => this with { ElementType = elementType };

    /// <inheritdoc/>
    public bool Equals(TensorType? other) => other is not null && ElementType == other.ElementType
        && (Dims is null ? other.Dims is null : other.Dims is { } od && Dims.Value.SequenceEqual(od));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ElementType, Dims?.Length ?? -1);

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder("tensor<");
        if (Dims is not { } dims)
        {
            sb.Append("*x");
        }
        else
        {
            foreach (var d in dims)
            {
                sb.Append(d.ToString()).Append('x');
            }
        }

        sb.Append(ElementType.Name()).Append('>');
        return sb.ToString();
    }
}

/// <summary>An ONNX sequence of values (printed <c>seq&lt;T&gt;</c>).</summary>
public sealed record SequenceType(IrType Element) : IrType
{
    /// <inheritdoc/>
    public override string ToString() => $"seq<{Element}>";
}

/// <summary>An ONNX optional value (printed <c>opt&lt;T&gt;</c>).</summary>
public sealed record OptionalType(IrType Element) : IrType
{
    /// <inheritdoc/>
    public override string ToString() => $"opt<{Element}>";
}
