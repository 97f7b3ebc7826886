using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Qc.Core.Tensors;

/// <summary>A dense host tensor: element type, dimensions and little-endian bytes (or strings for string tensors).</summary>
/// <remarks>
/// 4-bit types pack two elements per byte, low nibble first. Bool is one byte per element (0 or 1).
/// The data is immutable once constructed; <see cref="Data"/> may alias a larger buffer such as a protobuf ByteString.
/// </remarks>
public sealed class TensorData
{
    private TensorData(ElementType elementType, ImmutableArray<long> dims, ReadOnlyMemory<byte> data, ImmutableArray<string> strings)
    {
        ElementType = elementType;
        Dims = dims;
        Data = data;
        Strings = strings;
    }

    /// <summary>The element type.</summary>
    public ElementType ElementType { get; }

    /// <summary>The dimensions (empty for a scalar).</summary>
    public ImmutableArray<long> Dims { get; }

    /// <summary>The dense little-endian bytes; empty for string tensors.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The elements of a string tensor; empty otherwise.</summary>
    public ImmutableArray<string> Strings { get; }

    /// <summary>Rank (number of dimensions).</summary>
    public int Rank => Dims.Length;

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => ElementCountOf(Dims.AsSpan());

    /// <summary>Product of dimensions.</summary>
    public static long ElementCountOf(ReadOnlySpan<long> dims)
    {
        long n = 1;
        foreach (var d in dims)
        {
            n *= d;
        }

        return n;
    }

    /// <summary>Wraps bytes; the length must match the element type and dims.</summary>
    public static TensorData FromBytes(ElementType elementType, ReadOnlySpan<long> dims, ReadOnlyMemory<byte> data)
    {
        var expected = elementType.ByteCount(ElementCountOf(dims));
        if (elementType == ElementType.String || expected != data.Length)
        {
            throw new ArgumentException($"tensor of {elementType.Name()} with {ElementCountOf(dims)} elements needs {expected} bytes, got {data.Length}");
        }

        return new TensorData(elementType, dims.ToArray().ToImmutableArray(), data, ImmutableArray<string>.Empty);
    }

    /// <summary>Creates a tensor from a .NET array (copied).</summary>
    public static TensorData Create<T>(ReadOnlySpan<long> dims, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var type = ElementTypes.Of<T>();
        return FromBytes(type, dims, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>Creates a scalar tensor.</summary>
    public static TensorData Scalar<T>(T value)
        where T : unmanaged => Create<T>([], [value]);

    /// <summary>Creates a string tensor.</summary>
    public static TensorData FromStrings(ReadOnlySpan<long> dims, IEnumerable<string> values)
    {
        var strings = values.ToImmutableArray();
        if (strings.Length != ElementCountOf(dims))
        {
            throw new ArgumentException("string count does not match dims");
        }

        return new TensorData(ElementType.String, dims.ToArray().ToImmutableArray(), ReadOnlyMemory<byte>.Empty, strings);
    }

    /// <summary>Reinterprets the bytes as elements of <typeparamref name="T"/> (must match the element size).</summary>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Data.Span);

    /// <summary>Copies the elements into a new array of <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>()
        where T : unmanaged => AsSpan<T>().ToArray();

    /// <summary>Reads every element as a 64-bit integer (integer and bool types only).</summary>
    public long[] ToInt64Array()
    {
        var n = checked((int)ElementCount);
        var result = new long[n];
        var s = Data.Span;
        for (var i = 0; i < n; i++)
        {
            result[i] = ElementType switch
            {
                ElementType.I64 => MemoryMarshal.Read<long>(s[(i * 8)..]),
                ElementType.U64 => (long)MemoryMarshal.Read<ulong>(s[(i * 8)..]),
                ElementType.I32 => MemoryMarshal.Read<int>(s[(i * 4)..]),
                ElementType.U32 => MemoryMarshal.Read<uint>(s[(i * 4)..]),
                ElementType.I16 => MemoryMarshal.Read<short>(s[(i * 2)..]),
                ElementType.U16 => MemoryMarshal.Read<ushort>(s[(i * 2)..]),
                ElementType.I8 => (sbyte)s[i],
                ElementType.U8 or ElementType.Bool => s[i],
                ElementType.I4 => (sbyte)((i % 2 == 0 ? s[i / 2] << 4 : s[i / 2]) & 0xF0) >> 4,
                ElementType.U4 => i % 2 == 0 ? s[i / 2] & 0xF : s[i / 2] >> 4,
                _ => throw new InvalidOperationException($"cannot read {ElementType.Name()} as integers"),
            };
        }

        return result;
    }

    /// <summary>Reads every element as a double (numeric types, including f16 and bf16).</summary>
    public double[] ToDoubleArray()
    {
        if (ElementType.IsInteger() || ElementType == ElementType.Bool)
        {
            return Array.ConvertAll(ToInt64Array(), v => (double)v);
        }

        var n = checked((int)ElementCount);
        var result = new double[n];
        var s = Data.Span;
        for (var i = 0; i < n; i++)
        {
            result[i] = ElementType switch
            {
                ElementType.F32 => MemoryMarshal.Read<float>(s[(i * 4)..]),
                ElementType.F64 => MemoryMarshal.Read<double>(s[(i * 8)..]),
                ElementType.F16 => (double)MemoryMarshal.Read<Half>(s[(i * 2)..]),
                ElementType.BF16 => BitConverter.Int32BitsToSingle(MemoryMarshal.Read<ushort>(s[(i * 2)..]) << 16),
                _ => throw new InvalidOperationException($"cannot read {ElementType.Name()} as numbers"),
            };
        }

        return result;
    }

    /// <summary>The SHA-256 of the element type, dims and data: a content identity for caching and constant dedup.</summary>
    public string ContentHash()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(BitConverter.GetBytes((int)ElementType));
        foreach (var d in Dims)
        {
            h.AppendData(BitConverter.GetBytes(d));
        }

        h.AppendData(Data.Span);
        foreach (var str in Strings)
        {
            h.AppendData(System.Text.Encoding.UTF8.GetBytes(str));
            h.AppendData([0]);
        }

        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}
