using System.Numerics;

namespace Qc.Formats.Tests;

public sealed class DyadicTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(0.0123456789)]
    [InlineData(3.75e-5)]
    [InlineData(1e-9)]
    [InlineData(0.99999999999)]
    [InlineData(123.456)]
    [InlineData(2147483647.0)]
    public void FromReal_Uses31BitMultiplierWithSmallRelativeError(double m)
    {
        var d = Dyadic.FromReal(m);
        Assert.InRange(d.Multiplier, 1, int.MaxValue);
        Assert.InRange(d.Shift, 0, Dyadic.MaxShift);
        Assert.InRange(d.Multiplier, 1 << 30, int.MaxValue);
        Assert.True(Math.Abs(d.Value - m) <= m * Math.ScaleB(1, -31), $"{m}: {d}");
    }

    [Fact]
    public void FromReal_ExactPowersOfTwoAndTinyValues()
    {
        Assert.Equal(new Dyadic(1 << 30, 31), Dyadic.FromReal(0.5));
        Assert.Equal(0.25, Dyadic.FromReal(0.25).Value);
        var tiny = Dyadic.FromReal(1e-15);
        Assert.Equal(Dyadic.MaxShift, tiny.Shift);
        Assert.True(Math.Abs(tiny.Value - 1e-15) <= Math.ScaleB(1, -63));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dyadic.FromReal(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dyadic.FromReal(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dyadic.FromReal(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dyadic.FromReal(4294967296.0));
    }

    [Fact]
    public void Requantize_IsRoundHalfUpOfExactProduct()
    {
        var rng = new Random(11);
        for (var t = 0; t < 20000; t++)
        {
            var mReal = Math.Exp((rng.NextDouble() * 20) - 18); // ~1.5e-8 … 7
            var d = Dyadic.FromReal(mReal);
            var acc = t % 7 == 0 ? (t % 2 == 0 ? int.MaxValue : int.MinValue) : rng.Next(int.MinValue, int.MaxValue);
            var y = d.Requantize(acc, 0, int.MinValue, int.MaxValue);

            // exact: floor((acc·m + 2^(k−1)) / 2^k) in big integers
            var num = (new BigInteger(acc) * d.Multiplier) + (d.Shift > 0 ? BigInteger.One << (d.Shift - 1) : BigInteger.Zero);
            var exact = BigInteger.Divide(num - (num.Sign < 0 ? (BigInteger.One << d.Shift) - 1 : 0), BigInteger.One << d.Shift);
            var clamped = BigInteger.Max(int.MinValue, BigInteger.Min(int.MaxValue, exact));
            Assert.Equal((int)clamped, y);

            // error against exact double arithmetic acc·M: rounding (≤ 1/2) plus |acc|·|M − m/2^k|
            var real = acc * mReal;
            if (Math.Abs(real) < int.MaxValue - 2)
            {
                Assert.True(Math.Abs(y - real) <= 0.5 + (Math.Abs((double)acc) * mReal * Math.ScaleB(1, -31)) + 1e-9, $"acc={acc} M={mReal} y={y}");
            }
        }
    }

    [Fact]
    public void Requantize_AddsZeroPointAndClamps()
    {
        var d = Dyadic.FromReal(0.25);
        Assert.Equal(2 + 10, d.Requantize(6, 10, -128, 127)); // 1.5 rounds half up to 2
        Assert.Equal(-1 + 10, d.Requantize(-6, 10, -128, 127)); // −1.5 rounds half up to −1
        Assert.Equal(127, d.Requantize(10000, 0, -128, 127));
        Assert.Equal(-128, d.Requantize(-10000, 0, -128, 127));
        Assert.Equal(255, Dyadic.Requantize(1 << 20, 1, 0, 5, 0, 255));
        Assert.Equal(5, Dyadic.Requantize(0, 123, 7, 5, 0, 255));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dyadic.Requantize(1, 1, 63, 0, 0, 1));
    }
}
