namespace Qc.Formats.Tests;

public sealed class CodeTableTests
{
    public static TheoryData<TableKind> Kinds => [TableKind.Fp8E4M3, TableKind.Fp8E5M2, TableKind.Fp4E2M1, TableKind.Nf4];

    [Fact]
    public void E4M3FN_KnownCodes()
    {
        var t = CodeTable.For(TableKind.Fp8E4M3);
        Assert.Equal(448f, t.MaxMagnitude);
        Assert.Equal(448f, t.Decode(0x7E));
        Assert.Equal(-448f, t.Decode(0xFE));
        Assert.True(float.IsNaN(t.Decode(0x7F)));
        Assert.True(float.IsNaN(t.Decode(0xFF)));
        Assert.Equal(1f, t.Decode(0x38));
        Assert.Equal(MathF.ScaleB(1, -9), t.Decode(0x01));
        Assert.Equal(MathF.ScaleB(1, -6), t.Decode(0x08));
        Assert.Equal(0.875f * MathF.ScaleB(1, -6), t.Decode(0x07));
        var nan = 0;
        for (var c = 0; c < 256; c++)
        {
            nan += float.IsNaN(t.Decode(c)) ? 1 : 0;
            Assert.False(float.IsInfinity(t.Decode(c)));
        }

        Assert.Equal(2, nan);
    }

    [Fact]
    public void E5M2_KnownCodes()
    {
        var t = CodeTable.For(TableKind.Fp8E5M2);
        Assert.Equal(57344f, t.MaxMagnitude);
        Assert.Equal(57344f, t.Decode(0x7B));
        Assert.Equal(float.PositiveInfinity, t.Decode(0x7C));
        Assert.Equal(float.NegativeInfinity, t.Decode(0xFC));
        Assert.True(float.IsNaN(t.Decode(0x7D)) && float.IsNaN(t.Decode(0x7E)) && float.IsNaN(t.Decode(0x7F)));
        Assert.Equal(1f, t.Decode(0x3C));
        Assert.Equal(MathF.ScaleB(1, -16), t.Decode(0x01));
    }

    [Fact]
    public void E2M1_Values()
    {
        var t = CodeTable.For(TableKind.Fp4E2M1);
        float[] expected = [0, 0.5f, 1, 1.5f, 2, 3, 4, 6];
        for (var c = 0; c < 8; c++)
        {
            Assert.Equal(expected[c], t.Decode(c));
            Assert.Equal(-expected[c], t.Decode(c | 8));
        }

        Assert.Equal(6f, t.MaxMagnitude);
    }

    [Fact]
    public void Nf4_IsTheQLoRATable()
    {
        var t = CodeTable.For(TableKind.Nf4);
        Assert.Equal(-1f, t.Decode(0));
        Assert.Equal(0f, t.Decode(7));
        Assert.Equal(1f, t.Decode(15));
        Assert.Equal(-0.6961928009986877f, t.Decode(1));
        Assert.Equal(0.07958029955625534f, t.Decode(8));
        Assert.Equal(0.7229568362236023f, t.Decode(14));
        for (var c = 1; c < 16; c++)
        {
            Assert.True(t.Decode(c) > t.Decode(c - 1));
        }

        Assert.Equal(7, t.ZeroCode);
        Assert.Equal(1f, t.MaxMagnitude);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryCode_DecodesAndReencodesToItself(TableKind kind)
    {
        var t = CodeTable.For(kind);
        for (var c = 0; c < t.Count; c++)
        {
            var v = t.Decode(c);
            var expected = c;
            if (float.IsNaN(v))
            {
                expected = t.NanCode;
            }
            else if (float.IsInfinity(v))
            {
                expected = t.Encode(v > 0 ? t.MaxMagnitude : -t.MaxMagnitude); // inf saturates to max finite
            }
            else if (v == 0 && float.IsNegative(v))
            {
                expected = t.ZeroCode; // −0 encodes as +0
            }

            Assert.Equal(expected, t.Encode(v));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Encode_IsNearestWithTiesToEvenCode(TableKind kind)
    {
        var t = CodeTable.For(kind);
        var finite = new List<(float V, int C)>();
        for (var c = 0; c < t.Count; c++)
        {
            var v = t.Decode(c);
            if (float.IsFinite(v) && !(v == 0 && float.IsNegative(v)))
            {
                finite.Add((v, c));
            }
        }

        finite.Sort((a, b) => a.V.CompareTo(b.V));
        for (var i = 1; i < finite.Count; i++)
        {
            var (a, ca) = finite[i - 1];
            var (b, cb) = finite[i];
            var mid = (float)((a + (double)b) / 2);
            if (mid == (a + (double)b) / 2)
            {
                Assert.Equal((ca & 1) == 0 ? ca : cb, t.Encode(mid));
                Assert.NotEqual(ca & 1, cb & 1);
            }

            Assert.Equal(ca, t.Encode(MathF.BitDecrement(mid)));
            Assert.Equal(cb, t.Encode(MathF.BitIncrement(mid)));
        }
    }

    [Fact]
    public void Encode_RoundsHalfToEvenAndSaturates()
    {
        var e4 = CodeTable.For(TableKind.Fp8E4M3);
        Assert.Equal(0x38, e4.Encode(1.0625f));
        Assert.Equal(0x3A, e4.Encode(1.1875f));
        Assert.Equal(0x7E, e4.Encode(449f));
        Assert.Equal(0x7E, e4.Encode(464f));
        Assert.Equal(0x7E, e4.Encode(1e30f));
        Assert.Equal(0x7E, e4.Encode(float.PositiveInfinity));
        Assert.Equal(0xFE, e4.Encode(float.NegativeInfinity));
        Assert.Equal(0x7F, e4.Encode(float.NaN));
        Assert.Equal(0x00, e4.Encode(MathF.ScaleB(1, -11)));
        Assert.Equal(0x00, e4.Encode(-0f));

        var e5 = CodeTable.For(TableKind.Fp8E5M2);
        Assert.Equal(0x7B, e5.Encode(61440f));
        Assert.Equal(0x7B, e5.Encode(float.PositiveInfinity));
        Assert.Equal(0xFB, e5.Encode(float.NegativeInfinity));
        Assert.Equal(0x7F, e5.Encode(float.NaN));

        var e2 = CodeTable.For(TableKind.Fp4E2M1);
        Assert.Equal(6, e2.Encode(5f));
        Assert.Equal(4, e2.Encode(2.5f));
        Assert.Equal(6, e2.Encode(3.5f));
        Assert.Equal(0, e2.Encode(0.25f));
        Assert.Equal(2, e2.Encode(0.75f));
        Assert.Equal(7, e2.Encode(100f));
        Assert.Equal(15, e2.Encode(-100f));
        Assert.Equal(0, e2.Encode(float.NaN));

        var nf4 = CodeTable.For(TableKind.Nf4);
        Assert.Equal(7, nf4.Encode(float.NaN));
        Assert.Equal(15, nf4.Encode(float.PositiveInfinity));
        Assert.Equal(0, nf4.Encode(-2f));
    }
}
