using System.Diagnostics.CodeAnalysis;
using Qc.Core.Tensors;

namespace Qc.Ir.Kernel;

/// <summary>The type of a kernel IR value: a scalar kind, or a vector of <see cref="Lanes"/> scalars (<c>vector&lt;16xf32&gt;</c>).</summary>
public readonly record struct KernelType
{
    /// <summary>The largest vector width (lanes) the IR allows.</summary>
    public const int MaxLanes = 64;

    private KernelType(ScalarKind scalar, int lanes)
    {
        Scalar = scalar;
        Lanes = lanes;
    }

    /// <summary>The element kind (of every lane for vectors).</summary>
    public ScalarKind Scalar { get; }

    /// <summary>1 for scalars; the number of lanes (a power of two from 2 to 64) for vectors.</summary>
    public int Lanes { get; }

    public static KernelType I1 { get; } = new(ScalarKind.I1, 1);
    public static KernelType I8 { get; } = new(ScalarKind.I8, 1);
    public static KernelType I16 { get; } = new(ScalarKind.I16, 1);
    public static KernelType I32 { get; } = new(ScalarKind.I32, 1);
    public static KernelType I64 { get; } = new(ScalarKind.I64, 1);
    public static KernelType U8 { get; } = new(ScalarKind.U8, 1);
    public static KernelType U16 { get; } = new(ScalarKind.U16, 1);
    public static KernelType U32 { get; } = new(ScalarKind.U32, 1);
    public static KernelType F16 { get; } = new(ScalarKind.F16, 1);
    public static KernelType BF16 { get; } = new(ScalarKind.BF16, 1);
    public static KernelType F32 { get; } = new(ScalarKind.F32, 1);
    public static KernelType F64 { get; } = new(ScalarKind.F64, 1);

    /// <summary>The index type (<c>i64</c>): loop variables, bounds and buffer indexes.</summary>
    public static KernelType Index => I64;

    /// <summary>A scalar type.</summary>
    public static KernelType Of(ScalarKind scalar) => new(scalar, 1);

    /// <summary>A vector type; <paramref name="lanes"/> must be a power of two from 2 to <see cref="MaxLanes"/>.</summary>
    public static KernelType Vector(ScalarKind scalar, int lanes)
    {
        if (!IsValidLanes(lanes) || lanes == 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "vector lanes must be a power of two from 2 to 64");
        }

        return new KernelType(scalar, lanes);
    }

    /// <summary>True for lane counts the IR allows: 1 (scalar) or a power of two up to <see cref="MaxLanes"/>.</summary>
    public static bool IsValidLanes(int lanes) => lanes is >= 1 and <= MaxLanes && (lanes & (lanes - 1)) == 0;

    /// <summary>True for vector types.</summary>
    public bool IsVector => Lanes > 1;

    /// <summary>The scalar type of one lane.</summary>
    public KernelType Element => new(Scalar, 1);

    /// <summary>This element kind with another lane count (1 gives the scalar).</summary>
    public KernelType WithLanes(int lanes) => lanes == 1 ? new KernelType(Scalar, 1) : Vector(Scalar, lanes);

    /// <summary>True for f16, bf16, f32 and f64 (scalar or vector).</summary>
    public bool IsFloat => Scalar is ScalarKind.F16 or ScalarKind.BF16 or ScalarKind.F32 or ScalarKind.F64;

    /// <summary>True for integer kinds, not including i1.</summary>
    public bool IsInteger => !IsFloat && Scalar != ScalarKind.I1;

    /// <summary>True for i1.</summary>
    public bool IsBool => Scalar == ScalarKind.I1;

    /// <summary>True for i8, i16, i32 and i64.</summary>
    public bool IsSigned => Scalar is ScalarKind.I8 or ScalarKind.I16 or ScalarKind.I32 or ScalarKind.I64;

    /// <summary>Bits of one lane (1 for i1).</summary>
    public int BitWidth => BitsOf(Scalar);

    /// <summary>Bits of one element of a kind (1 for i1).</summary>
    public static int BitsOf(ScalarKind kind) => kind switch
    {
        ScalarKind.I1 => 1,
        ScalarKind.I8 or ScalarKind.U8 => 8,
        ScalarKind.I16 or ScalarKind.U16 or ScalarKind.F16 or ScalarKind.BF16 => 16,
        ScalarKind.I32 or ScalarKind.U32 or ScalarKind.F32 => 32,
        _ => 64,
    };

    /// <summary>The text name of a kind: i1, i8, ..., u32, f16, bf16, f32, f64.</summary>
    public static string NameOf(ScalarKind kind) => kind switch
    {
        ScalarKind.I1 => "i1",
        ScalarKind.I8 => "i8",
        ScalarKind.I16 => "i16",
        ScalarKind.I32 => "i32",
        ScalarKind.I64 => "i64",
        ScalarKind.U8 => "u8",
        ScalarKind.U16 => "u16",
        ScalarKind.U32 => "u32",
        ScalarKind.F16 => "f16",
        ScalarKind.BF16 => "bf16",
        ScalarKind.F32 => "f32",
        _ => "f64",
    };

    /// <summary>Parses a scalar kind name (<c>f32</c>, <c>i64</c>, ...).</summary>
    public static bool TryParseKind(string name, out ScalarKind kind)
    {
        foreach (var k in Enum.GetValues<ScalarKind>())
        {
            if (NameOf(k) == name)
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The kind that values loaded from a buffer of <paramref name="elementType"/> have; false for types kernels do not support.</summary>
    public static bool TryFromElementType(ElementType elementType, out ScalarKind kind)
    {
        kind = elementType switch
        {
            ElementType.Bool => ScalarKind.I1,
            ElementType.I8 => ScalarKind.I8,
            ElementType.I16 => ScalarKind.I16,
            ElementType.I32 => ScalarKind.I32,
            ElementType.I64 => ScalarKind.I64,
            ElementType.U8 => ScalarKind.U8,
            ElementType.U16 => ScalarKind.U16,
            ElementType.U32 => ScalarKind.U32,
            ElementType.F16 => ScalarKind.F16,
            ElementType.BF16 => ScalarKind.BF16,
            ElementType.F32 => ScalarKind.F32,
            ElementType.F64 => ScalarKind.F64,
            _ => (ScalarKind)(-1),
        };
        return kind >= 0;
    }

    /// <summary>The tensor element type of a kind (i1 is <see cref="ElementType.Bool"/>).</summary>
    public static ElementType ToElementType(ScalarKind kind) => kind switch
    {
        ScalarKind.I1 => ElementType.Bool,
        ScalarKind.I8 => ElementType.I8,
        ScalarKind.I16 => ElementType.I16,
        ScalarKind.I32 => ElementType.I32,
        ScalarKind.I64 => ElementType.I64,
        ScalarKind.U8 => ElementType.U8,
        ScalarKind.U16 => ElementType.U16,
        ScalarKind.U32 => ElementType.U32,
        ScalarKind.F16 => ElementType.F16,
        ScalarKind.BF16 => ElementType.BF16,
        ScalarKind.F32 => ElementType.F32,
        _ => ElementType.F64,
    };

    /// <summary>Parses <c>f32</c> or <c>vector&lt;16xf32&gt;</c>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out KernelType? type)
    {
        type = null;
        if (TryParseKind(text, out var k))
        {
            type = Of(k);
            return true;
        }

        if (!text.StartsWith("vector<", StringComparison.Ordinal) || !text.EndsWith('>'))
        {
            return false;
        }

        var inner = text[7..^1];
        var x = inner.IndexOf('x', StringComparison.Ordinal);
        if (x <= 0 || !int.TryParse(inner[..x], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var lanes)
            || !IsValidLanes(lanes) || lanes == 1 || !TryParseKind(inner[(x + 1)..], out var kind))
        {
            return false;
        }

        type = Vector(kind, lanes);
        return true;
    }

    /// <summary>The text form: <c>f32</c> or <c>vector&lt;16xf32&gt;</c>.</summary>
    public override string ToString() =>
        Lanes == 1 ? NameOf(Scalar) : "vector<" + Lanes.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x" + NameOf(Scalar) + ">";
}
