namespace Qc.Formats;

/// <summary>The value of every code of a table format, and round-to-nearest encoding into it.</summary>
/// <remarks>Encoding picks the nearest finite table value; ties go to the even code (for minifloats this is
/// round-half-to-even on the mantissa). Values beyond the largest magnitude saturate to it (±inf included);
/// NaN encodes as the format's NaN code where it has one (fp8), otherwise as the code of +0. −0 encodes as +0.</remarks>
internal sealed class CodeTable
{
    /// <summary>The QLoRA NF4 table (bitsandbytes), index order.</summary>
    public static readonly float[] Nf4Values =
    [
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
        -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
        0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
        0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f,
    ];

    private static readonly CodeTable s_e4m3 = new(TableKind.Fp8E4M3);
    private static readonly CodeTable s_e5m2 = new(TableKind.Fp8E5M2);
    private static readonly CodeTable s_e2m1 = new(TableKind.Fp4E2M1);
    private static readonly CodeTable s_nf4 = new(TableKind.Nf4);

    private readonly float[] _values;
    private readonly double[] _sorted;
    private readonly int[] _sortedCodes;

    private CodeTable(TableKind kind)
    {
        Kind = kind;
        var n = kind is TableKind.Fp8E4M3 or TableKind.Fp8E5M2 ? 256 : 16;
        _values = new float[n];
        for (var c = 0; c < n; c++)
        {
            _values[c] = kind switch
            {
                TableKind.Fp8E4M3 => Minifloat(c, 4, 3, 7, kind),
                TableKind.Fp8E5M2 => Minifloat(c, 5, 2, 15, kind),
                TableKind.Fp4E2M1 => Minifloat(c, 2, 1, 1, kind),
                TableKind.Nf4 => Nf4Values[c],
                _ => throw new System.Diagnostics.UnreachableException(kind.ToString()),
            };
        }

        var entries = new List<(double Value, int Code)>(n);
        for (var c = 0; c < n; c++)
        {
            var v = _values[c];
            if (float.IsFinite(v) && !(v == 0 && float.IsNegative(v)))
            {
                entries.Add((v, c));
            }
        }

        entries.Sort((a, b) => a.Value.CompareTo(b.Value));
        _sorted = new double[entries.Count];
        _sortedCodes = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            (_sorted[i], _sortedCodes[i]) = entries[i];
        }

        MaxMagnitude = (float)Math.Max(-_sorted[0], _sorted[^1]);
        ZeroCode = Array.IndexOf(_values, 0.0f);
        NanCode = kind is TableKind.Fp8E4M3 or TableKind.Fp8E5M2 ? 0x7F : ZeroCode;
    }

    /// <summary>Which table.</summary>
    public TableKind Kind { get; }

    /// <summary>The largest finite magnitude (448, 57344, 6 or 1).</summary>
    public float MaxMagnitude { get; }

    /// <summary>The code of +0.</summary>
    public int ZeroCode { get; }

    /// <summary>The code NaN encodes to (0x7F for fp8; the zero code for fp4 and nf4, which have no NaN).</summary>
    public int NanCode { get; }

    /// <summary>Number of codes.</summary>
    public int Count => _values.Length;

    /// <summary>The table of a kind.</summary>
    public static CodeTable For(TableKind kind) => kind switch
    {
        TableKind.Fp8E4M3 => s_e4m3,
        TableKind.Fp8E5M2 => s_e5m2,
        TableKind.Fp4E2M1 => s_e2m1,
        TableKind.Nf4 => s_nf4,
        _ => throw new System.Diagnostics.UnreachableException(kind.ToString()),
    };

    /// <summary>The value of a code (NaN or ±inf for fp8's special codes).</summary>
    public float Decode(int code) => _values[code];

    /// <summary>The nearest code to <paramref name="v"/>; see the class remarks for ties, saturation and NaN.</summary>
    public int Encode(float v)
    {
        if (float.IsNaN(v))
        {
            return NanCode;
        }

        if (v >= _sorted[^1])
        {
            return _sortedCodes[^1];
        }

        if (v <= _sorted[0])
        {
            return _sortedCodes[0];
        }

        var hi = Array.BinarySearch(_sorted, (double)v);
        if (hi >= 0)
        {
            return _sortedCodes[hi];
        }

        hi = ~hi;
        var lo = hi - 1;
        var dLo = v - _sorted[lo];
        var dHi = _sorted[hi] - v;
        if (dLo < dHi)
        {
            return _sortedCodes[lo];
        }

        if (dHi < dLo)
        {
            return _sortedCodes[hi];
        }

        return (_sortedCodes[lo] & 1) == 0 ? _sortedCodes[lo] : _sortedCodes[hi];
    }

    /// <summary>Decodes an OCP minifloat code with <paramref name="e"/> exponent and <paramref name="m"/> mantissa bits.</summary>
    private static float Minifloat(int code, int e, int m, int bias, TableKind kind)
    {
        var negative = ((code >> (e + m)) & 1) != 0;
        var exp = (code >> m) & ((1 << e) - 1);
        var man = code & ((1 << m) - 1);
        var expMax = (1 << e) - 1;
        if (kind == TableKind.Fp8E4M3 && exp == expMax && man == (1 << m) - 1)
        {
            return float.NaN;
        }

        if (kind == TableKind.Fp8E5M2 && exp == expMax)
        {
            return man == 0 ? (negative ? float.NegativeInfinity : float.PositiveInfinity) : float.NaN;
        }

        var mag = exp == 0
            ? Math.ScaleB(man, 1 - bias - m)
            : Math.ScaleB((1 << m) + man, exp - bias - m);
        return (float)(negative ? -mag : mag);
    }
}
