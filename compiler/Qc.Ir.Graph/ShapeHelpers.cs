using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Shared helpers for type inference: axis normalization, broadcasting, input type access.</summary>
public static class ShapeHelpers
{
    /// <summary>Normalizes a possibly negative axis into [0, rank); false when out of range.</summary>
    public static bool TryNormalizeAxis(long axis, int rank, out int normalized)
    {
        var a = axis < 0 ? axis + rank : axis;
        normalized = (int)Math.Clamp(a, int.MinValue, int.MaxValue);
        return a >= 0 && a < rank;
    }

    /// <summary>Multidirectional (numpy) broadcast of several shapes; null on mismatch.</summary>
    public static ImmutableArray<Dim>? Broadcast(IReadOnlyList<ImmutableArray<Dim>> shapes)
    {
        var rank = shapes.Count == 0 ? 0 : shapes.Max(s => s.Length);
        var result = new Dim[rank];
        for (var i = 0; i < rank; i++)
        {
            Dim? acc = null;
            foreach (var s in shapes)
            {
                var j = i - (rank - s.Length);
                if (j < 0)
                {
                    continue;
                }

                var d = s[j];
                if (acc is not { } a)
                {
                    acc = d;
                }
                else if (a.IsStatic && a.Value == 1)
                {
                    acc = d;
                }
                else if (d.IsStatic && d.Value == 1)
                {
                    // keep acc
                }
                else if (a.IsStatic && d.IsStatic)
                {
                    if (a.Value != d.Value)
                    {
                        return null;
                    }
                }
                else if (a.SameAs(d))
                {
                    // same symbol
                }
                else if (a.IsStatic)
                {
                    // symbolic d must equal a (or be 1): take the known size
                }
                else if (d.IsStatic)
                {
                    acc = d;
                }
                else
                {
                    acc = Dim.Unknown;
                }
            }

            result[i] = acc ?? Dim.Of(1);
        }

        return [.. result];
    }

    /// <summary>The tensor type of an input, or null when absent, unknown or not a tensor.</summary>
    public static TensorType? InputTensor(this Op op, int index) => op.Input(index)?.Type as TensorType;

    /// <summary>The ranked dims of an input, or null when absent or of unknown rank.</summary>
    public static ImmutableArray<Dim>? InputDims(this Op op, int index) => op.InputTensor(index)?.Dims;

    /// <summary>The element type of an input, or <see cref="ElementType.Unknown"/>.</summary>
    public static ElementType InputElementType(this Op op, int index) => op.InputTensor(index)?.ElementType ?? ElementType.Unknown;

    /// <summary>Sets the type of result <paramref name="index"/>.</summary>
    public static void SetResult(this Op op, int index, IrType type)
    {
        if (index < op.Results.Length)
        {
            op.Results[index].Type = type;
        }
    }

    /// <summary>Sets result <paramref name="index"/> to a ranked tensor type.</summary>
    public static void SetResult(this Op op, int index, ElementType elementType, IEnumerable<Dim> dims) =>
        op.SetResult(index, new TensorType(elementType, (ImmutableArray<Dim>?)dims.ToImmutableArray()));

    /// <summary>Sets result <paramref name="index"/> to a tensor of unknown rank.</summary>
    public static void SetResultUnranked(this Op op, int index, ElementType elementType) =>
        op.SetResult(index, TensorType.Unranked(elementType));

    /// <summary>Product of dims when all are static.</summary>
    public static long? StaticProduct(IEnumerable<Dim> dims)
    {
        long p = 1;
        foreach (var d in dims)
        {
            if (!d.IsStatic)
            {
                return null;
            }

            p *= d.Value!.Value;
        }

        return p;
    }
}
