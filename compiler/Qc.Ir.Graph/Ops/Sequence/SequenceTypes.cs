using System.Diagnostics.CodeAnalysis;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Input checks shared by the sequence and optional ops.</summary>
internal static class SequenceTypes
{
    /// <summary>The element type of a sequence input; false when the input is absent or unknown (silently) or not a
    /// sequence (reported).</summary>
    public static bool TryGetSequenceElement(this Op op, InferenceContext context, int index, [NotNullWhen(true)] out IrType? element)
    {
        element = null;
        switch (op.Input(index)?.Type)
        {
            case SequenceType s:
                element = s.Element;
                return true;
            case null or UnknownType:
                return false;
            case var other:
                context.Error(op, InferenceCodes.TypeMismatch, $"input {index} must be a sequence but is {other}");
                return false;
        }
    }

    /// <summary>Checks that an optional position input, when present and known, is an integer scalar.</summary>
    public static bool CheckPosition(this Op op, InferenceContext context, int index)
    {
        if (op.Input(index)?.Type is not TensorType p)
        {
            return true;
        }

        if (p.ElementType is not (ElementType.I32 or ElementType.I64 or ElementType.Unknown))
        {
            context.Error(op, InferenceCodes.TypeMismatch, $"position must be an i32 or i64 scalar but is {p}");
            return false;
        }

        if (p.Dims is { Length: > 0 })
        {
            context.Error(op, InferenceCodes.RankMismatch, $"position must be a scalar but is {p}");
            return false;
        }

        return true;
    }
}
