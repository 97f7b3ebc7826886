namespace Qc.Package;

/// <summary>The element types of tensors and buffers in a package (manifest text in parentheses).</summary>
public enum QcDType
{
    /// <summary>IEEE binary32 (<c>f32</c>).</summary>
    F32,

    /// <summary>IEEE binary16 (<c>f16</c>).</summary>
    F16,

    /// <summary>bfloat16 (<c>bf16</c>).</summary>
    BF16,

    /// <summary>IEEE binary64 (<c>f64</c>).</summary>
    F64,

    /// <summary>Signed 8-bit integer (<c>i8</c>).</summary>
    I8,

    /// <summary>Unsigned 8-bit integer (<c>u8</c>); also raw bytes of packed or encoded weights.</summary>
    U8,

    /// <summary>Signed 16-bit integer (<c>i16</c>).</summary>
    I16,

    /// <summary>Signed 32-bit integer (<c>i32</c>).</summary>
    I32,

    /// <summary>Signed 64-bit integer (<c>i64</c>).</summary>
    I64,

    /// <summary>Boolean, one byte, 0 or 1 (<c>bool</c>).</summary>
    Bool,
}

/// <summary>Sizes and manifest names of <see cref="QcDType"/>.</summary>
public static class QcDTypes
{
    private static readonly string[] s_names = ["f32", "f16", "bf16", "f64", "i8", "u8", "i16", "i32", "i64", "bool"];
    private static readonly int[] s_sizes = [4, 2, 2, 8, 1, 1, 2, 4, 8, 1];

    /// <summary>Every element type, in declaration order.</summary>
    public static IReadOnlyList<QcDType> All { get; } = Enum.GetValues<QcDType>();

    /// <summary>The size of one element in bytes.</summary>
    public static int SizeOf(QcDType type) => s_sizes[Index(type)];

    /// <summary>The manifest name (<c>f32</c>, <c>bool</c>).</summary>
    public static string Name(QcDType type) => s_names[Index(type)];

    /// <summary>Parses a manifest name; case-sensitive.</summary>
    public static bool TryParse(string? name, out QcDType type)
    {
        var i = Array.IndexOf(s_names, name);
        type = i < 0 ? default : (QcDType)i;
        return i >= 0;
    }

    /// <summary>The number of elements of a shape, or -1 when a dimension is negative or the product overflows.</summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                return -1;
            }

            try
            {
                count = checked(count * d);
            }
            catch (OverflowException)
            {
                return -1;
            }
        }

        return count;
    }

    /// <summary>The byte size of a dense tensor, or -1 when the shape is invalid or the size overflows.</summary>
    public static long ByteSize(QcDType type, IReadOnlyList<long> shape)
    {
        var count = ElementCount(shape);
        if (count < 0 || count > long.MaxValue / SizeOf(type))
        {
            return -1;
        }

        return count * SizeOf(type);
    }

    private static int Index(QcDType type) => (uint)type < (uint)s_names.Length
        ? (int)type
        : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown element type");
}
