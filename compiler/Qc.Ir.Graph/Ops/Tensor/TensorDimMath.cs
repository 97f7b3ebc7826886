namespace Qc.Ir.Graph;

/// <summary>Arithmetic on possibly symbolic dims for the tensor-manipulation, reduction and indexing ops.</summary>
internal static class TensorDimMath
{
    /// <summary>Dims at least this large in Slice starts/ends are "to the end" sentinels (INT32_MAX, INT64_MAX).</summary>
    public const long LargeSentinel = int.MaxValue;

    /// <summary>The product of dims: static when all are static, a single dim when all others are 1, unknown otherwise.</summary>
    public static Dim Product(IEnumerable<Dim> dims)
    {
        long constant = 1;
        Dim? single = null;
        var count = 0;
        foreach (var d in dims)
        {
            if (d.IsStatic)
            {
                if (TryMultiply(constant, d.Value!.Value) is not { } p)
                {
                    return Dim.Unknown;
                }

                constant = p;
            }
            else
            {
                single = d;
                count++;
            }
        }

        return count switch
        {
            0 => Dim.Of(constant),
            1 when constant == 1 => single!.Value,
            _ when constant == 0 => Dim.Of(0),
            _ => Dim.Unknown,
        };
    }

    /// <summary>A dim multiplied by a known factor.</summary>
    public static Dim Multiply(Dim d, long factor) => factor == 1 ? d : d.IsStatic ? Dim.Of(d.Value!.Value * factor)
        : factor == 0 ? Dim.Of(0) : Dim.Unknown;

    /// <summary>A dim plus a known amount.</summary>
    public static Dim Add(Dim d, long amount) => amount == 0 ? d : d.IsStatic ? Dim.Of(d.Value!.Value + amount) : Dim.Unknown;

    /// <summary>The sum of dims: static when all are static, the one non-zero dim when the rest are 0, unknown otherwise.</summary>
    public static Dim Sum(IEnumerable<Dim> dims)
    {
        long constant = 0;
        Dim? single = null;
        var count = 0;
        foreach (var d in dims)
        {
            if (d.IsStatic)
            {
                constant += d.Value!.Value;
            }
            else
            {
                single = d;
                count++;
            }
        }

        return count switch
        {
            0 => Dim.Of(constant),
            1 when constant == 0 => single!.Value,
            _ => Dim.Unknown,
        };
    }

    /// <summary>Merges two dims that must be equal; false when both are static and differ.</summary>
    /// <remarks>A static size wins over a symbol, a symbol over unknown.</remarks>
    public static bool TryMerge(Dim a, Dim b, out Dim merged)
    {
        merged = a;
        if (a.IsStatic && b.IsStatic)
        {
            return a.Value == b.Value;
        }

        if (b.IsStatic || (a.Symbol is null && !a.IsStatic))
        {
            merged = b;
        }

        return true;
    }

    /// <summary>Splits a product of dims into a constant and a list of symbols; false when a dim is unknown.</summary>
    public static bool TryFactor(IEnumerable<Dim> dims, out long constant, out List<string> symbols)
    {
        constant = 1;
        symbols = [];
        foreach (var d in dims)
        {
            if (d.IsStatic)
            {
                if (TryMultiply(constant, d.Value!.Value) is not { } p)
                {
                    return false;
                }

                constant = p;
            }
            else if (d.Symbol is { } s)
            {
                symbols.Add(s);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Divides the product of <paramref name="total"/> by the product of <paramref name="part"/>, cancelling symbols.</summary>
    /// <returns>The quotient; unknown when it cannot be expressed; null when the static sizes do not divide.</returns>
    public static Dim? Quotient(IEnumerable<Dim> total, IEnumerable<Dim> part)
    {
        if (!TryFactor(total, out var tc, out var ts) || !TryFactor(part, out var pc, out var ps) || pc == 0)
        {
            return Dim.Unknown;
        }

        foreach (var s in ps)
        {
            if (!ts.Remove(s))
            {
                return Dim.Unknown;
            }
        }

        if (ts.Count == 0)
        {
            return tc % pc == 0 ? Dim.Of(tc / pc) : null;
        }

        return ts.Count == 1 && tc == pc ? Dim.Sym(ts[0]) : Dim.Unknown;
    }

    /// <summary>The product of two sizes, or null on overflow.</summary>
    public static long? TryMultiply(long a, long b)
    {
        var p = (Int128)a * b;
        return p >= long.MinValue && p <= long.MaxValue ? (long)p : null;
    }

    /// <summary>A list of <paramref name="count"/> unknown dims.</summary>
    public static Dim[] Unknowns(int count) => Enumerable.Repeat(Dim.Unknown, count).ToArray();
}
