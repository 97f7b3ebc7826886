using System.Diagnostics.CodeAnalysis;

namespace Qc.Core.Tensors;

/// <summary>Names, sizes and classification of <see cref="ElementType"/> values.</summary>
public static class ElementTypes
{
    private static readonly (ElementType Type, string Name)[] s_names =
    [
        (ElementType.F32, "f32"), (ElementType.U8, "u8"), (ElementType.I8, "i8"), (ElementType.U16, "u16"),
        (ElementType.I16, "i16"), (ElementType.I32, "i32"), (ElementType.I64, "i64"), (ElementType.String, "str"),
        (ElementType.Bool, "i1"), (ElementType.F16, "f16"), (ElementType.F64, "f64"), (ElementType.U32, "u32"),
        (ElementType.U64, "u64"), (ElementType.Complex64, "c64"), (ElementType.Complex128, "c128"), (ElementType.BF16, "bf16"),
        (ElementType.F8E4M3FN, "f8e4m3fn"), (ElementType.F8E4M3FNUZ, "f8e4m3fnuz"), (ElementType.F8E5M2, "f8e5m2"),
        (ElementType.F8E5M2FNUZ, "f8e5m2fnuz"), (ElementType.U4, "u4"), (ElementType.I4, "i4"), (ElementType.Unknown, "?"),
    ];

    /// <summary>The short IR name: f32, f16, bf16, i8, u8, i4, u4, i32, i64, i1 (bool), str, ...</summary>
    public static string Name(this ElementType type)
    {
        foreach (var (t, n) in s_names)
        {
            if (t == type)
            {
                return n;
            }
        }

        return "?";
    }

    /// <summary>Parses an IR element type name.</summary>
    public static bool TryParse(string name, out ElementType type)
    {
        foreach (var (t, n) in s_names)
        {
            if (n == name)
            {
                type = t;
                return true;
            }
        }

        type = ElementType.Unknown;
        return false;
    }

    /// <summary>True when the value is a defined ONNX data type this enum knows.</summary>
    public static bool IsDefined(int onnxDataType) => onnxDataType is >= 1 and <= 22;

    /// <summary>Bits per element (4 for i4/u4, 8 for bool); 0 for strings and unknown.</summary>
    public static int BitWidth(this ElementType type) => type switch
    {
        ElementType.F32 or ElementType.I32 or ElementType.U32 => 32,
        ElementType.F64 or ElementType.I64 or ElementType.U64 or ElementType.Complex64 => 64,
        ElementType.Complex128 => 128,
        ElementType.F16 or ElementType.BF16 or ElementType.I16 or ElementType.U16 => 16,
        ElementType.I8 or ElementType.U8 or ElementType.Bool or ElementType.F8E4M3FN or ElementType.F8E4M3FNUZ
            or ElementType.F8E5M2 or ElementType.F8E5M2FNUZ => 8,
        ElementType.I4 or ElementType.U4 => 4,
        _ => 0,
    };

    /// <summary>Bytes needed to store <paramref name="count"/> elements densely (4-bit types pack two per byte).</summary>
    public static long ByteCount(this ElementType type, long count) => (type.BitWidth() * count + 7) / 8;

    /// <summary>True for floating-point types, including fp8 and bf16.</summary>
    public static bool IsFloat(this ElementType type) => type is ElementType.F32 or ElementType.F64 or ElementType.F16
        or ElementType.BF16 or ElementType.F8E4M3FN or ElementType.F8E4M3FNUZ or ElementType.F8E5M2 or ElementType.F8E5M2FNUZ;

    /// <summary>True for signed and unsigned integer types (not bool).</summary>
    public static bool IsInteger(this ElementType type) => type is ElementType.I8 or ElementType.U8 or ElementType.I16
        or ElementType.U16 or ElementType.I32 or ElementType.U32 or ElementType.I64 or ElementType.U64 or ElementType.I4 or ElementType.U4;

    /// <summary>True for signed integer types.</summary>
    public static bool IsSignedInteger(this ElementType type) => type is ElementType.I8 or ElementType.I16 or ElementType.I32
        or ElementType.I64 or ElementType.I4;

    /// <summary>Maps a .NET element type to an <see cref="ElementType"/>; throws for unsupported types.</summary>
    public static ElementType Of<T>()
        where T : unmanaged => default(T) switch
        {
            float => ElementType.F32,
            double => ElementType.F64,
            Half => ElementType.F16,
            sbyte => ElementType.I8,
            byte => ElementType.U8,
            short => ElementType.I16,
            ushort => ElementType.U16,
            int => ElementType.I32,
            uint => ElementType.U32,
            long => ElementType.I64,
            ulong => ElementType.U64,
            bool => ElementType.Bool,
            _ => throw new NotSupportedException($"no element type for {typeof(T).Name}"),
        };

    /// <summary>Parses a name, returning null when unknown.</summary>
    public static bool TryParseNullable(string name, [NotNullWhen(true)] out ElementType? type)
    {
        if (TryParse(name, out var t) && t != ElementType.Unknown)
        {
            type = t;
            return true;
        }

        type = null;
        return false;
    }
}
