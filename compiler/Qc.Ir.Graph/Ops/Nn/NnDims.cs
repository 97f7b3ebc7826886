using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Small dimension helpers shared by the neural-network and quantization op families.</summary>
internal static class NnDims
{
    /// <summary>True when both dims are known and differ.</summary>
    public static bool Conflict(Dim a, Dim b) => a.IsStatic && b.IsStatic && a.Value != b.Value;

    /// <summary>The more informative of two dims that must be equal: a known size, else a symbol.</summary>
    public static Dim Unify(Dim a, Dim b) => a.IsStatic ? a : b.IsStatic ? b : a.Symbol is not null ? a : b;

    /// <summary>A dim multiplied by a known factor (a symbolic dim survives a factor of 1).</summary>
    public static Dim Mul(Dim a, long factor) => a.IsStatic ? Dim.Of(a.Value!.Value * factor) : factor == 1 ? a : Dim.Unknown;

    /// <summary>A dim divided by a known factor that divides it (a symbolic dim survives a divisor of 1).</summary>
    public static Dim Div(Dim a, long divisor) => a.IsStatic ? Dim.Of(a.Value!.Value / divisor) : divisor == 1 ? a : Dim.Unknown;

    /// <summary>True when a known dim is not a multiple of <paramref name="divisor"/>.</summary>
    public static bool NotDivisible(Dim a, long divisor) => divisor != 0 && a.IsStatic && a.Value!.Value % divisor != 0;

    /// <summary>True when <paramref name="source"/> broadcasts unidirectionally to <paramref name="target"/> (as far as known).</summary>
    public static bool BroadcastsTo(IReadOnlyList<Dim> source, IReadOnlyList<Dim> target)
    {
        if (source.Count > target.Count)
        {
            return false;
        }

        for (var i = 0; i < source.Count; i++)
        {
            var s = source[i];
            if (s.Value != 1 && Conflict(s, target[target.Count - source.Count + i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A list of unknown dims.</summary>
    public static ImmutableArray<Dim> Unknowns(int count) => [.. Enumerable.Repeat(Dim.Unknown, count)];

    /// <summary>Renders dims as <c>[a, b, c]</c> for messages.</summary>
    public static string Show(IEnumerable<Dim> dims) => "[" + string.Join(", ", dims) + "]";

    /// <summary>The element type of an input when it is a tensor of known element type; null when absent or unknown.</summary>
    public static ElementType? KnownElementType(Op op, int index) =>
        op.InputTensor(index) is { } t && t.ElementType != ElementType.Unknown ? t.ElementType : null;

    /// <summary>Checks that an optional per-channel input (scale, bias, mean, ...) is 1-D of length <paramref name="channels"/>.</summary>
    /// <returns>False when a problem was reported.</returns>
    public static bool CheckVector(Op op, InferenceContext context, int index, string name, Dim channels)
    {
        if (op.InputDims(index) is not { } d)
        {
            return true;
        }

        if (d.Length != 1)
        {
            context.Error(op, InferenceCodes.RankMismatch, $"{name} must be 1-D but has shape {Show(d)}");
            return false;
        }

        if (Conflict(d[0], channels))
        {
            context.Error(op, InferenceCodes.ShapeMismatch, $"{name} has length {d[0]} but the channel count is {channels}");
            return false;
        }

        return true;
    }

    /// <summary>Checks that an optional input, when its rank is known, is a scalar.</summary>
    /// <returns>False when a problem was reported.</returns>
    public static bool CheckScalar(Op op, InferenceContext context, int index, string name)
    {
        if (op.InputDims(index) is { Length: not 0 } d)
        {
            context.Error(op, InferenceCodes.RankMismatch, $"{name} must be a scalar but has shape {Show(d)}");
            return false;
        }

        return true;
    }

    /// <summary>Checks that the known element types of the given inputs agree.</summary>
    /// <returns>False when a problem was reported.</returns>
    public static bool CheckSameElementType(Op op, InferenceContext context, params int[] indices)
    {
        ElementType? first = null;
        foreach (var i in indices)
        {
            if (KnownElementType(op, i) is not { } e)
            {
                continue;
            }

            if (first is { } f && f != e)
            {
                context.Error(op, InferenceCodes.TypeMismatch, $"inputs have different element types {f.Name()} and {e.Name()}");
                return false;
            }

            first = e;
        }

        return true;
    }
}
