using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>The value of an op attribute. Kinds mirror ONNX attribute types; graphs are regions, not attributes.</summary>
public abstract record AttributeValue
{
    /// <summary>The kind name used in schemas and messages (INT, FLOAT, STRING, INTS, FLOATS, STRINGS, TENSOR, TYPE).</summary>
    public abstract string Kind { get; }
}

/// <summary>A 64-bit integer attribute.</summary>
public sealed record IntAttr(long Value) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "INT";
}

/// <summary>A 32-bit float attribute (ONNX floats are single precision).</summary>
public sealed record FloatAttr(float Value) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "FLOAT";
}

/// <summary>A string attribute.</summary>
public sealed record StringAttr(string Value) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "STRING";
}

/// <summary>A list of integers.</summary>
public sealed record IntsAttr(ImmutableArray<long> Values) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "INTS";

    /// <inheritdoc/>
    public bool Equals(IntsAttr? other) => other is not null && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Length;
}

/// <summary>A list of floats.</summary>
public sealed record FloatsAttr(ImmutableArray<float> Values) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "FLOATS";

    /// <inheritdoc/>
    public bool Equals(FloatsAttr? other) => other is not null && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Length;
}

/// <summary>A list of strings.</summary>
public sealed record StringsAttr(ImmutableArray<string> Values) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "STRINGS";

    /// <inheritdoc/>
    public bool Equals(StringsAttr? other) => other is not null && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Length;
}

/// <summary>A tensor attribute (small values such as ConstantOfShape's fill value).</summary>
public sealed record TensorAttr(TensorData Value) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "TENSOR";
}

/// <summary>A type attribute.</summary>
public sealed record TypeAttr(IrType Value) : AttributeValue
{
    /// <inheritdoc/>
    public override string Kind => "TYPE";
}
