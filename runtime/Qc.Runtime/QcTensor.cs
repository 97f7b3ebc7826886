using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Qc.Package;

namespace Qc.Runtime;

/// <summary>A dense host tensor: element type, shape and its bytes in row-major (C) order, little-endian.</summary>
public sealed class QcTensor
{
    /// <summary>Creates a tensor over <paramref name="data"/> (not copied); its length must match the shape.</summary>
    public QcTensor(QcDType dtype, IReadOnlyList<long> shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var bytes = QcDTypes.ByteSize(dtype, shape);
        if (bytes < 0)
        {
            throw new ArgumentException($"invalid shape {Format(shape)}", nameof(shape));
        }

        if (bytes != data.LongLength)
        {
            throw new ArgumentException($"{QcDTypes.Name(dtype)} {Format(shape)} needs {bytes} bytes, not {data.LongLength}", nameof(data));
        }

        DType = dtype;
        Shape = [.. shape];
        Data = data;
    }

    /// <summary>The element type.</summary>
    public QcDType DType { get; }

    /// <summary>The shape (empty for a scalar).</summary>
    public ImmutableArray<long> Shape { get; }

    /// <summary>The elements' bytes, row-major, little-endian.</summary>
    public byte[] Data { get; }

    /// <summary>The number of elements.</summary>
    public long ElementCount => QcDTypes.ElementCount(Shape);

    /// <summary>A zero-filled tensor.</summary>
    public static QcTensor Zeros(QcDType dtype, IReadOnlyList<long> shape)
    {
        var bytes = QcDTypes.ByteSize(dtype, shape);
        return bytes >= 0 ? new(dtype, shape, new byte[bytes]) : throw new ArgumentException($"invalid shape {Format(shape)}", nameof(shape));
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/>; <typeparamref name="T"/> picks the element type
    /// (float f32, Half f16, double f64, sbyte i8, byte u8, short i16, int i32, long i64, bool bool).</summary>
    public static QcTensor From<T>(ReadOnlySpan<T> values, params long[] shape)
        where T : unmanaged
    {
        var t = Zeros(DTypeOf<T>(), shape);
        if (values.Length != t.ElementCount)
        {
            throw new ArgumentException($"{values.Length} values do not fill shape {Format(shape)}", nameof(values));
        }

        MemoryMarshal.AsBytes(values).CopyTo(t.Data);
        return t;
    }

    /// <summary>The elements as <typeparamref name="T"/>, in place.</summary>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        if (DTypeOf<T>() != DType)
        {
            throw new InvalidOperationException($"the tensor is {QcDTypes.Name(DType)}, not {typeof(T).Name}");
        }

        return MemoryMarshal.Cast<byte, T>(Data.AsSpan());
    }

    /// <summary>A copy of the elements as <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>()
        where T : unmanaged => AsSpan<T>().ToArray();

    /// <summary>The element type a CLR type maps to.</summary>
    public static QcDType DTypeOf<T>()
        where T : unmanaged => typeof(T) switch
        {
            var t when t == typeof(float) => QcDType.F32,
            var t when t == typeof(Half) => QcDType.F16,
            var t when t == typeof(double) => QcDType.F64,
            var t when t == typeof(sbyte) => QcDType.I8,
            var t when t == typeof(byte) => QcDType.U8,
            var t when t == typeof(short) => QcDType.I16,
            var t when t == typeof(int) => QcDType.I32,
            var t when t == typeof(long) => QcDType.I64,
            var t when t == typeof(bool) => QcDType.Bool,
            _ => throw new NotSupportedException($"no element type for {typeof(T).Name}"),
        };

    /// <inheritdoc/>
    public override string ToString() => $"{QcDTypes.Name(DType)} {Format(Shape)}";

    internal static string Format(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
