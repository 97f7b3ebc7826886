namespace Qc.Ir.Graph;

/// <summary>Reads and normalizes axis lists of the tensor-manipulation, reduction and indexing ops.</summary>
internal static class TensorAxes
{
    /// <summary>The largest rank a shape-like input is believed to describe; longer inputs are treated as unknown.</summary>
    public const int MaxRank = 1024;

    /// <summary>Normalizes axes against a rank, reporting out-of-range or repeated axes; null after an error.</summary>
    public static int[]? Normalize(Op op, InferenceContext context, IReadOnlyList<long> axes, int rank, string what = "axes")
    {
        var result = new int[axes.Count];
        var seen = new HashSet<int>();
        for (var i = 0; i < axes.Count; i++)
        {
            if (!ShapeHelpers.TryNormalizeAxis(axes[i], rank, out result[i]))
            {
                context.Error(op, InferenceCodes.BadAttributeValue, $"{what} value {axes[i]} is out of range for rank {rank}");
                return null;
            }

            if (!seen.Add(result[i]))
            {
                context.Error(op, InferenceCodes.BadAttributeValue, $"{what} repeats axis {axes[i]}");
                return null;
            }
        }

        return result;
    }

    /// <summary>Normalizes a single axis, reporting an out-of-range value; false after an error.</summary>
    public static bool TryAxis(Op op, InferenceContext context, long axis, int rank, out int normalized, string what = "axis")
    {
        if (ShapeHelpers.TryNormalizeAxis(axis, rank, out normalized))
        {
            return true;
        }

        context.Error(op, InferenceCodes.BadAttributeValue, $"{what} {axis} is out of range for rank {rank}");
        return false;
    }

    /// <summary>The static length of a 1-D input (from its shape value or type), or null.</summary>
    public static int? StaticLength(InferenceContext context, Value? value)
    {
        if (context.GetShapeValue(value) is { } sv)
        {
            return sv.Length;
        }

        return value?.Type is TensorType { Dims: { Length: 1 } d } && d[0].Value is >= 0 and <= MaxRank ? (int)d[0].Value!.Value : null;
    }
}
