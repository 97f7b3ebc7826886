namespace Qc.Formats.Tests;

public sealed class BitCostTests
{
    private static readonly long[][] s_shapes = [[8, 256], [7, 13], [4, 3, 3, 3], [1, 1], [3, 129], [64, 64]];

    [Theory]
    [InlineData("int4(group=128, scale=f16)", 4.125)]
    [InlineData("int4(group=128, asymmetric, scale=f16, zero_bits=16)", 4.25)]
    [InlineData("uint4(group=128, scale=f16, zero_bits=16)", 4.25)]
    [InlineData("int4(group=32, scale=f16)", 4.5)] // llama.cpp Q4_0
    [InlineData("int8(group=32, scale=f16)", 8.5)] // Q8_0
    [InlineData("fp4_e2m1(group=32)", 4.25)] // MXFP4 (e8m0 scales)
    [InlineData("nf4(group=64)", 4.5)] // fp32 absmax, no double quantization
    [InlineData("nf4(group=64, scale=f16)", 4.25)]
    [InlineData("fp8_e4m3(scale=none)", 8)]
    public void KnownBitsPerWeight(string text, double bpw)
    {
        var cost = BitCost.Of(NumberFormat.Parse(text), [4096, 4096]);
        Assert.Equal(bpw, cost.BitsPerWeight, 12);
    }

    [Fact]
    public void PerChannelCost_CountsScalesAndZeroPoints()
    {
        var cost = BitCost.Of(NumberFormat.Parse("uint8(axis=0)"), [16, 3, 3, 3]);
        Assert.Equal(new BitCost(432, 432 * 8, 16 * 32, 16 * 8, 0), cost);
        Assert.Equal(432 + 64 + 16, cost.SerializedBytes);
        var ragged = BitCost.Of(NumberFormat.Parse("int3(group=32)"), [2, 33]); // 2×2 groups
        Assert.Equal(new BitCost(66, 198, 4 * 32, 0, 0), ragged);
        Assert.Equal(25 + 16, ragged.SerializedBytes);
    }

    public static TheoryData<string> AllFormats()
    {
        var data = new TheoryData<string>();
        foreach (var name in FormatRegistry.Names)
        {
            data.Add(name);
        }

        foreach (var text in new[]
        {
            "int3(group=5, asymmetric, zero_bits=5)", "uint3(axis=0, zero_bits=11)", "int2(group=3, axis=0, asymmetric, scale=e8m0)",
            "uint2(axis=1, scale=f16)", "int4(axis=0, asymmetric, scale=f16, zero_bits=16)", "uint8(group=7, scale=e8m0)",
            "fp8_e5m2(axis=0, scale=e8m0)", "fp4_e2m1(group=5, scale=f16)", "nf4(group=3, axis=0)", "fp8_e4m3(scale=none)",
        })
        {
            data.Add(text);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void SerializedSize_EqualsBitCost_AndDeserializeRoundTrips(string text)
    {
        var format = NumberFormat.Parse(text);
        var seed = 0;
        foreach (var dims in s_shapes)
        {
            var x = TestTensors.Uneven(seed++, dims);
            var q = Quantizer.Encode(x, format);
            var bytes = q.Serialize();
            var cost = q.Cost;
            Assert.Equal(cost.SerializedBytes, bytes.Length);
            var padding = (bytes.Length * 8L) - cost.TotalBits;
            Assert.InRange(padding, 0, 3 * 7); // at most 7 bits per padded section
            Assert.Equal(((cost.PayloadBits + 7) / 8) + ((cost.ScaleBits + 7) / 8) + ((cost.ZeroPointBits + 7) / 8), bytes.Length);
            Assert.Equal(cost.ElementCount * format.CodeBits, cost.PayloadBits);

            var back = QuantizedTensor.Deserialize(format, dims, bytes);
            Assert.Equal(q.Parameters.Dims.ToArray(), back.Parameters.Dims.ToArray());
            Assert.Equal(q.Parameters.Scales.ToArray(), back.Parameters.Scales.ToArray());
            Assert.Equal(q.Parameters.ZeroPoints.ToArray(), back.Parameters.ZeroPoints.ToArray());
            Assert.Equal(q.Parameters, back.Parameters);
            Assert.Equal(Quantizer.DecodeToArray(q), Quantizer.DecodeToArray(back));
            Assert.Equal(bytes, back.Serialize());
        }
    }

    [Fact]
    public void Deserialize_RejectsWrongLength()
    {
        var f = NumberFormat.Parse("int4(per_tensor)");
        Assert.Throws<ArgumentException>(() => QuantizedTensor.Deserialize(f, [3], new byte[4]));
        Assert.Equal(6, QuantizedTensor.Deserialize(f, [3], new byte[6]).Serialize().Length);
    }

    [Fact]
    public void Packing_LowNibbleFirst_And3BitDense()
    {
        var p = new QuantizationParameters([], [1f], []);
        var x = TestTensors.Of([3], 1f, -2f, 7f);
        var i4 = Quantizer.Encode(x, NumberFormat.Parse("int4(per_tensor)"), p);
        Assert.Equal([0xE1, 0x07], i4.Codes.ToArray());

        // codes 1 (001b), −2 (110b), 3 (011b), element i at bits [3i, 3i+3): byte0 = 0b11_110_001, byte1 = bit 8 = 0
        var i3 = Quantizer.Encode(TestTensors.Of([3], 1f, -2f, 3f), NumberFormat.Parse("int3(per_tensor)"), p);
        Assert.Equal([0b1111_0001, 0b0000_0000], i3.Codes.ToArray());
        Assert.Equal([1, -2, 3], new[] { i3.Code(0), i3.Code(1), i3.Code(2) });

        var u2 = Quantizer.Encode(TestTensors.Of([5], 0f, 1f, 2f, 3f, 3f), NumberFormat.Parse("uint2(per_tensor)"), p with { ZeroPoints = [0] });
        Assert.Equal([0b11_10_01_00, 0b11], u2.Codes.ToArray());

        var bytes = Quantizer.Encode(TestTensors.Of([3], 1f, 2f, 3f), NumberFormat.Parse("uint4(per_tensor, zero_bits=5)"), p with { ZeroPoints = [1] }).Serialize();
        Assert.Equal([0x32, 0x04, 0x00, 0x00, 0x80, 0x3F, 0x01], bytes); // codes 2,3,4 | f32 1.0 LE | zero point 1 in 5 bits
    }

    [Fact]
    public void BitPacking_RoundTripsEveryWidth()
    {
        var rng = new Random(5);
        for (var bits = 1; bits <= 16; bits++)
        {
            var values = new uint[37];
            var buf = new byte[BitPacking.ByteCount(values.Length, bits)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (uint)rng.Next(1 << bits);
                BitPacking.Set(buf, i, bits, values[i]);
            }

            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], BitPacking.Get(buf, i, bits));
            }
        }
    }
}
