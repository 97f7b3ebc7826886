using System.Globalization;
using System.Text;
using Qc.Core.Tensors;
using Qc.Core.Text;

namespace Qc.Ir.Kernel;

/// <summary>Lexical rules of kernel IR text shared by the printer and the parser: names, quoting, numbers.</summary>
internal static class KernelSyntax
{
    /// <summary>True for characters allowed in an unquoted buffer or kernel name, or a value name.</summary>
    public static bool IsNameChar(char c) => IrText.IsNameChar(c);

    /// <summary>True for a usable value name hint: starts with a letter or '_', then name characters.</summary>
    public static bool IsValueHint(string? s) =>
        s is { Length: > 0 and <= 64 } && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(IsNameChar);

    /// <summary>A buffer or kernel name, quoted when it has other characters.</summary>
    public static string Name(string name) => IrText.Name(name);

    /// <summary>A string literal with escapes.</summary>
    public static string Quote(string s) => IrText.Quote(s);

    /// <summary>A float of a kind in shortest round-trip form, always with '.' or an exponent; nan, inf, -inf.</summary>
    public static string Float(ScalarKind kind, double value) => IrText.Float(value, single: kind != ScalarKind.F64);

    /// <summary>An integer.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A constant's value as text for its type.</summary>
    public static string Constant(KernelOp op) =>
        op.Result.Type.IsFloat ? Float(op.Result.Type.Scalar, op.FloatValue) : Int(op.IntValue);

    /// <summary>The elements of a weight as <c>dense&lt;[1.0, 2.0]&gt;</c>.</summary>
    public static string Dense(TensorData data)
    {
        var sb = new StringBuilder("dense<[");
        if (data.ElementType.IsFloat() && KernelType.TryFromElementType(data.ElementType, out var kind))
        {
            sb.AppendJoin(", ", data.ToDoubleArray().Select(v => Float(kind, v)));
        }
        else if (data.ElementType.IsInteger() || data.ElementType == ElementType.Bool)
        {
            sb.AppendJoin(", ", data.ToInt64Array().Select(Int));
        }

        return sb.Append("]>").ToString();
    }

    /// <summary>A buffer's shape and element type: <c>buf&lt;8x3x3xf32&gt;</c>, <c>buf&lt;f32&gt;</c> for a scalar.</summary>
    public static string BufferType(KernelBuffer b)
    {
        var sb = new StringBuilder("buf<");
        foreach (var d in b.Shape)
        {
            sb.Append(Int(d)).Append('x');
        }

        return sb.Append(b.ElementType.Name()).Append('>').ToString();
    }

    /// <summary>The text word of a buffer kind.</summary>
    public static string KindWord(BufferKind kind) => kind switch
    {
        BufferKind.Input => "input",
        BufferKind.Output => "output",
        BufferKind.Weight => "weight",
        _ => "temp",
    };
}
