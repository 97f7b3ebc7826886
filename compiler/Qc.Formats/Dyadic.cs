namespace Qc.Formats;

/// <summary>A dyadic multiplier <c>m / 2^shift</c> replacing a real requantization factor (HAWQ-V3).</summary>
/// <remarks>Integer-only requantization: <c>y = clamp(((acc·m + 2^(shift−1)) >> shift) + z, qmin, qmax)</c> with a 64-bit
/// intermediate and an arithmetic shift, i.e. round half up (towards +∞). <see cref="FromReal"/> keeps m in [2^30, 2^31 − 1]
/// when possible, so the relative error of m/2^shift against M is at most 2^−31.</remarks>
/// <param name="Multiplier">m, 0 ≤ m ≤ 2^31 − 1.</param>
/// <param name="Shift">k, 0 ≤ k ≤ 62.</param>
public readonly record struct Dyadic(int Multiplier, int Shift)
{
    /// <summary>The largest shift: keeps |acc·m| + 2^(k−1) below 2^63 for any 32-bit acc.</summary>
    public const int MaxShift = 62;

    /// <summary>The real value m / 2^shift.</summary>
    public double Value => Math.ScaleB(Multiplier, -Shift);

    /// <summary>The nearest dyadic to <paramref name="m"/> with a 31-bit multiplier and the largest shift that fits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="m"/> is not in (0, 2^31 − 1] or not finite.</exception>
    public static Dyadic FromReal(double m)
    {
        if (!(m > 0) || !(m <= int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(m), m, "a dyadic multiplier needs 0 < M ≤ 2^31 − 1");
        }

        // M = f·2^e with f in [1, 2): m = round(f·2^30), k = 30 − e, so m in [2^30, 2^31].
        var e = Math.ILogB(m);
        var k = 30 - e;
        if (k > MaxShift)
        {
            k = MaxShift;
        }

        var mult = Math.Round(Math.ScaleB(m, k), MidpointRounding.ToEven);
        if (mult > int.MaxValue)
        {
            // f rounded up to 2: halve (exact, 2^31 → 2^30).
            mult /= 2;
            k--;
        }

        return new Dyadic((int)mult, k);
    }

    /// <summary>Requantizes with this multiplier; see <see cref="Requantize(int, int, int, int, int, int)"/>.</summary>
    public int Requantize(int acc, int zeroPoint, int qmin, int qmax) => Requantize(acc, Multiplier, Shift, zeroPoint, qmin, qmax);

    /// <summary><c>clamp(((acc·m + 2^(shift−1)) >> shift) + zeroPoint, qmin, qmax)</c> in 64-bit integer arithmetic.</summary>
    public static int Requantize(int acc, int m, int shift, int zeroPoint, int qmin, int qmax)
    {
        if (m < 0 || shift is < 0 or > MaxShift)
        {
            throw new ArgumentOutOfRangeException(nameof(shift), $"need m ≥ 0 and 0 ≤ shift ≤ {MaxShift}, got m={m}, shift={shift}");
        }

        var prod = (long)acc * m;
        if (shift > 0)
        {
            prod = (prod + (1L << (shift - 1))) >> shift;
        }

        return (int)Math.Clamp(prod + zeroPoint, qmin, qmax);
    }
}
