using Qc.Core.Tensors;

namespace Qc.Formats.Tests;

public sealed class QuantizerTests
{
    public static TheoryData<string> UniformFormats =>
    [
        "int8(per_tensor)", "int8(axis=0)", "int8(axis=1, range=restricted)", "int8(group=16, asymmetric)",
        "int4(group=32)", "int4(group=5, scale=f16)", "int4(axis=0, asymmetric, scale=f16, zero_bits=16)", "int4(group=8, scale=e8m0)",
        "int3(per_tensor)", "int3(group=6, asymmetric)", "int2(axis=0)", "int2(group=4, asymmetric, scale=f16)",
        "uint8(per_tensor)", "uint8(axis=1, scale=f16)", "uint4(group=32)", "uint4(group=3, axis=0, zero_bits=8)",
        "uint3(axis=0)", "uint2(per_tensor, scale=e8m0)",
    ];

    public static TheoryData<string> TableFormats =>
    [
        "fp8_e4m3", "fp8_e4m3(axis=0)", "fp8_e4m3(scale=none)", "fp8_e5m2(group=16, scale=f16)", "fp8_e5m2(axis=1)",
        "fp4_e2m1(group=32)", "fp4_e2m1(group=5, scale=f16)", "fp4_e2m1(axis=0, scale=f32)",
        "nf4(group=64)", "nf4(group=7, axis=0, scale=f16)", "nf4(per_tensor)",
    ];

    private static readonly long[][] s_shapes = [[8, 48], [6, 5], [4, 3, 3, 3], [16, 8, 1, 1], [3, 70]];

    [Theory]
    [MemberData(nameof(UniformFormats))]
    public void Uniform_RoundTripWithinHalfScale(string text)
    {
        var format = (IntegerFormat)NumberFormat.Parse(text);
        var seed = 0;
        foreach (var dims in s_shapes)
        {
            foreach (var x in new[] { TestTensors.Random(seed++, dims), TestTensors.Uneven(seed++, dims), TestTensors.Random(seed++, dims, 0.5f, 2f), TestTensors.Random(seed++, dims, 0.5f, -2f) })
            {
                var q = Quantizer.Encode(x, format);
                var back = Quantizer.Decode(q).AsSpan<float>();
                var src = x.AsSpan<float>();
                var layout = new ParamLayout(format.Granularity, dims);
                for (var i = 0; i < src.Length; i++)
                {
                    var p = (int)layout.Index(i);
                    var s = q.Parameters.Scales[p];
                    var code = q.Code(i);
                    Assert.InRange(code, format.QMin, format.QMax);
                    Assert.True(Math.Abs(src[i] - back[i]) <= (s * 0.5 * (1 + 1e-5)) + (Math.Abs(src[i]) * 1e-6), $"{text} [{string.Join(",", dims)}] i={i}: {src[i]} -> {back[i]}, s={s}");
                    var z = format.Symmetric ? 0 : q.Parameters.ZeroPoints[p];
                    Assert.Equal((code - z) * s, back[i]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(TableFormats))]
    public void Table_DecodesToNearestScaledEntry(string text)
    {
        var format = (TableFormat)NumberFormat.Parse(text);
        var table = CodeTable.For(format.Kind);
        var seed = 100;
        foreach (var dims in s_shapes)
        {
            foreach (var x in new[] { TestTensors.Random(seed++, dims, 3f), TestTensors.Uneven(seed++, dims) })
            {
                var q = Quantizer.Encode(x, format);
                var back = Quantizer.Decode(q).AsSpan<float>();
                var src = x.AsSpan<float>();
                var layout = new ParamLayout(format.Granularity, dims);
                for (var i = 0; i < src.Length; i++)
                {
                    var s = q.Parameters.Scales[(int)layout.Index(i)];
                    var v = s == 0 ? 0f : src[i] / s;
                    var code = q.Code(i);
                    Assert.Equal(table.Decode(code) * s, back[i]);
                    for (var c = 0; c < table.Count; c++)
                    {
                        var e = table.Decode(c);
                        if (float.IsFinite(e))
                        {
                            Assert.True(Math.Abs(v - table.Decode(code)) <= Math.Abs(v - e), $"{text} i={i}: code {code} not nearest to {v} (code {c} is)");
                        }
                    }

                    if (format.Scale != ScalePrecision.None)
                    {
                        Assert.InRange(Math.Abs(v), 0, table.MaxMagnitude);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void PerChannel_ScalesMatchBruteForceOn4D(int axis)
    {
        long[] dims = [5, 4, 3, 2];
        var x = TestTensors.Uneven(7, dims);
        var v = x.AsSpan<float>();
        var format = NumberFormat.Parse(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"int8(axis={axis})"));
        var q = Quantizer.Encode(x, format);
        var a = axis < 0 ? axis + 4 : axis;
        Assert.Equal(new[] { dims[a] }, q.Parameters.Dims.ToArray());
        var amax = new double[dims[a]];
        for (var o = 0; o < 5; o++)
        {
            for (var i = 0; i < 4; i++)
            {
                for (var h = 0; h < 3; h++)
                {
                    for (var w = 0; w < 2; w++)
                    {
                        var c = a switch { 0 => o, 1 => i, 2 => h, _ => w };
                        amax[c] = Math.Max(amax[c], Math.Abs(v[(((o * 4) + i) * 3 + h) * 2 + w]));
                    }
                }
            }
        }

        for (var c = 0; c < amax.Length; c++)
        {
            Assert.Equal(ScaleRounding.RoundUp(amax[c] / 127, ScalePrecision.F32), q.Parameters.Scales[c]);
        }
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(5, 1)]
    [InlineData(13, 1)]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    public void Grouped_RaggedLastGroupMatchesBruteForce(int g, int axis)
    {
        long[] dims = [6, 13];
        var x = TestTensors.Uneven(3, dims);
        var v = x.AsSpan<float>();
        var format = new IntegerFormat(4, true, true, IntegerRange.Full, new Grouped(g, axis), ScalePrecision.F32, 4);
        var q = Quantizer.Encode(x, format);
        var blocks = (dims[axis] + g - 1) / g;
        var sdims = (long[])dims.Clone();
        sdims[axis] = blocks;
        Assert.Equal(sdims, q.Parameters.Dims);
        for (var r = 0; r < sdims[0]; r++)
        {
            for (var c = 0; c < sdims[1]; c++)
            {
                double amax = 0;
                for (var k = 0; k < g; k++)
                {
                    var (rr, cc) = axis == 1 ? (r, (c * g) + k) : ((r * g) + k, c);
                    if (rr < dims[0] && cc < dims[1])
                    {
                        amax = Math.Max(amax, Math.Abs(v[(int)((rr * dims[1]) + cc)]));
                    }
                }

                Assert.Equal(ScaleRounding.RoundUp(amax / 7, ScalePrecision.F32), q.Parameters.Scales[(int)((r * sdims[1]) + c)]);
            }
        }
    }

    [Fact]
    public void Asymmetric_WidensRangeToZero_AllPositiveAndAllNegative()
    {
        var f = NumberFormat.Parse("uint8(per_tensor)");
        var pos = Quantizer.Encode(TestTensors.Of([4], 1f, 2f, 3f, 5.1f), f);
        Assert.Equal(0, pos.Parameters.ZeroPoints[0]);
        Assert.Equal(ScaleRounding.RoundUp(5.1f / 255.0, ScalePrecision.F32), pos.Parameters.Scales[0]);
        var neg = Quantizer.Encode(TestTensors.Of([4], -1f, -2f, -3f, -5.1f), f);
        Assert.Equal(255, neg.Parameters.ZeroPoints[0]);
        Assert.Equal(205, neg.Code(0));
        Assert.Equal(0, neg.Code(3));

        // zero is exactly representable whenever it is in range
        var mixed = Quantizer.Encode(TestTensors.Of([3], -0.7f, 0f, 2.3f), f);
        Assert.Equal(0f, Quantizer.DecodeToArray(mixed)[1]);
        var signed = Quantizer.Encode(TestTensors.Of([3], -0.7f, 0f, 2.3f), NumberFormat.Parse("int8(per_tensor, asymmetric)"));
        Assert.Equal(0f, Quantizer.DecodeToArray(signed)[1]);
        Assert.True(Math.Abs(Quantizer.DecodeToArray(signed)[2] - 2.3f) <= signed.Parameters.Scales[0] * 0.5f * 1.0001f);
    }

    [Theory]
    [InlineData("int8(per_tensor)")]
    [InlineData("uint8(per_tensor)")]
    [InlineData("int4(group=2, scale=e8m0)")]
    [InlineData("fp8_e4m3")]
    [InlineData("nf4(group=64)")]
    [InlineData("fp4_e2m1(group=32)")]
    public void ConstantTensors_AreHandled(string text)
    {
        var f = NumberFormat.Parse(text);
        var zeros = Quantizer.Encode(TestTensors.Of([2, 4], new float[8]), f);
        Assert.All(Quantizer.DecodeToArray(zeros), v => Assert.Equal(0f, v));
        Assert.All(zeros.Parameters.Scales, s => Assert.True(s == 0 || f.Scale == ScalePrecision.E8M0));

        var constant = Quantizer.Encode(TestTensors.Of([2, 4], [-3f, -3f, -3f, -3f, -3f, -3f, -3f, -3f]), f);
        Assert.All(Quantizer.DecodeToArray(constant), v => Assert.True(Math.Abs(v + 3f) <= 3f * 1e-6 || (f.Scale == ScalePrecision.E8M0 && Math.Abs(v + 3f) <= 0.5f)));
    }

    [Fact]
    public void RoundsHalfToEven_LikeQuantizeLinear()
    {
        // scale 1 (amax 127): x = 0.5, 1.5, 2.5, -0.5, -1.5 → 0, 2, 2, 0, −2
        var x = TestTensors.Of([6], 127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f);
        var q = Quantizer.Encode(x, NumberFormat.Parse("int8(per_tensor)"));
        Assert.Equal(1f, q.Parameters.Scales[0]);
        Assert.Equal([127, 0, 2, 2, 0, -2], Enumerable.Range(0, 6).Select(i => q.Code(i)));
    }

    [Fact]
    public void GivenParameters_SaturateToFullOrRestrictedRange()
    {
        var x = TestTensors.Of([4], 1000f, -1000f, 1f, -1f);
        var p = new QuantizationParameters([], [1f], []);
        var full = Quantizer.Encode(x, NumberFormat.Parse("int8(per_tensor)"), p);
        Assert.Equal([127, -128, 1, -1], Enumerable.Range(0, 4).Select(i => full.Code(i)));
        var restricted = Quantizer.Encode(x, NumberFormat.Parse("int8(per_tensor, range=restricted)"), p);
        Assert.Equal([127, -127, 1, -1], Enumerable.Range(0, 4).Select(i => restricted.Code(i)));
        var u = Quantizer.Encode(x, NumberFormat.Parse("uint4(per_tensor)"), p with { ZeroPoints = [3] });
        Assert.Equal([15, 0, 4, 2], Enumerable.Range(0, 4).Select(i => u.Code(i)));
    }

    [Fact]
    public void GivenParameters_AreValidated()
    {
        var x = TestTensors.Of([2, 2], 1f, 2f, 3f, 4f);
        var f16 = NumberFormat.Parse("int8(axis=0, scale=f16)");
        Assert.Throws<ArgumentException>(() => Quantizer.Encode(x, f16, new QuantizationParameters([2], [0.1f, 0.5f], [])));
        Assert.Throws<ArgumentException>(() => Quantizer.Encode(x, f16, new QuantizationParameters([2], [0.5f], [])));
        Assert.Throws<ArgumentException>(() => Quantizer.Encode(x, NumberFormat.Parse("uint8(axis=0)"), new QuantizationParameters([2], [0.5f, 0.5f], [0, 300])));
        Assert.Throws<ArgumentException>(() => Quantizer.Encode(x, NumberFormat.Parse("int8(axis=2)")));
        Assert.Throws<ArgumentException>(() => Quantizer.Encode(TensorData.Create<double>([1], [1.0]), f16));
    }

    [Fact]
    public void F16Scales_AreRoundedUpToHalfBeforeUse()
    {
        var x = TestTensors.Of([3], 0.1f, -0.3f, 0.7f);
        var q = Quantizer.Encode(x, NumberFormat.Parse("int8(per_tensor, scale=f16)"));
        var s = q.Parameters.Scales[0];
        Assert.Equal(s, (float)(Half)s);
        Assert.True(s >= 0.7 / 127);
        Assert.True((float)BitConverter.UInt16BitsToHalf((ushort)(BitConverter.HalfToUInt16Bits((Half)s) - 1)) < 0.7 / 127);
        var e8 = Quantizer.Encode(x, NumberFormat.Parse("int8(per_tensor, scale=e8m0)"));
        Assert.Equal(MathF.ScaleB(1, -7), e8.Parameters.Scales[0]); // 0.7/127 ≈ 0.0055 → 2^−7
    }

    [Fact]
    public void NonFiniteInputs_AreDeterministic()
    {
        var x = TestTensors.Of([6], float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f, -2f, 0.5f);
        var i8 = Quantizer.Encode(x, NumberFormat.Parse("int8(per_tensor)"));
        Assert.Equal(ScaleRounding.RoundUp(2.0 / 127, ScalePrecision.F32), i8.Parameters.Scales[0]); // scale ignores non-finite values
        Assert.Equal([0, 127, -128], Enumerable.Range(0, 3).Select(i => i8.Code(i)));
        var u8 = Quantizer.Encode(x, NumberFormat.Parse("uint8(per_tensor)"));
        Assert.Equal(u8.Parameters.ZeroPoints[0], u8.Code(0));
        Assert.Equal([255, 0], [u8.Code(1), u8.Code(2)]);
        var e4 = Quantizer.Encode(x, NumberFormat.Parse("fp8_e4m3"));
        Assert.Equal([0x7F, 0x7E, 0xFE], Enumerable.Range(0, 3).Select(i => e4.Code(i)));
        Assert.True(float.IsNaN(Quantizer.DecodeToArray(e4)[0]));
        var nf4 = Quantizer.Encode(x, NumberFormat.Parse("nf4(per_tensor)"));
        Assert.Equal([7, 15, 0], Enumerable.Range(0, 3).Select(i => nf4.Code(i)));
        var allNan = Quantizer.Encode(TestTensors.Of([2], float.NaN, float.NaN), NumberFormat.Parse("int4(per_tensor)"));
        Assert.Equal(0f, allNan.Parameters.Scales[0]);
        Assert.Equal([0f, 0f], Quantizer.DecodeToArray(allNan));
    }

    [Fact]
    public void Fp8WithoutScale_IsAPlainCast()
    {
        var x = TestTensors.Of([4], 1.0625f, 500f, -0.001f, 3f);
        var q = Quantizer.Encode(x, NumberFormat.Parse("fp8_e4m3(scale=none)"));
        Assert.Equal(new[] { 1f }, q.Parameters.Scales.ToArray());
        Assert.Equal([1f, 448f, -0.001953125f, 3f], Quantizer.DecodeToArray(q));
        Assert.Equal(4 * 8, q.Cost.TotalBits);
    }
}
