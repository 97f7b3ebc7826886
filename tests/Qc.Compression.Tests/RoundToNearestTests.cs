using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Compression.Tests;

public sealed class RoundToNearestTests
{
    [Theory]
    [InlineData("int8(axis=0)")]
    [InlineData("int4(per_tensor)")]
    [InlineData("uint4(axis=0)")]
    [InlineData("fp8_e4m3")]
    public void Conv_PerTensorAndPerChannel_EqualQcFormatsOnTheWeight(string text)
    {
        var (_, conv) = TestGraphs.Conv(m: 6, c: 4, kh: 3, kw: 3);
        var layer = TestGraphs.Layer(conv);
        var format = NumberFormat.Parse(text);
        var q = LayerQuantizer.RoundToNearest(layer, format, new DiagnosticBag())!;
        var reference = Quantizer.Encode(layer.WeightData, format);
        q.Encoded.Codes.ToArray().ShouldBe(reference.Codes.ToArray());
        q.Encoded.Parameters.Scales.ShouldBe(reference.Parameters.Scales);
        q.Weight.AsSpan<float>().ToArray().ShouldBe(Quantizer.DecodeToArray(reference));
    }

    [Fact]
    public void Conv_Groups_RunAlongTheFlattenedReducedDimension()
    {
        var (_, conv) = TestGraphs.Conv(m: 3, c: 4, kh: 3, kw: 3);
        var layer = TestGraphs.Layer(conv);
        var q = LayerQuantizer.RoundToNearest(layer, NumberFormat.Parse("int4(group=8)"), new DiagnosticBag())!;
        q.Encoded.Dims.ShouldBe([3L, 36L]);
        q.Encoded.Parameters.Dims.ShouldBe([3L, 5L]); // 36 = 4 groups of 8 + a ragged group of 4
        var reference = Quantizer.Encode(TensorData.Create<float>([3, 36], layer.ToMatrix()), new IntegerFormat(4, true, true, IntegerRange.Full, new Grouped(8, 1), ScalePrecision.F32, 0));
        q.Encoded.Codes.ToArray().ShouldBe(reference.Codes.ToArray());
    }

    [Fact]
    public void MatMul_PerChannelOnTheOutputAxis_MatchesQcFormatsOnTheStoredWeight()
    {
        var (_, mm) = TestGraphs.MatMul(nOut: 5, k: 8);
        var layer = TestGraphs.Layer(mm);
        var format = NumberFormat.Parse("int4(axis=1)");
        var q = LayerQuantizer.RoundToNearest(layer, format, new DiagnosticBag())!;
        var reference = Quantizer.Decode(Quantizer.Encode(layer.WeightData, format));
        q.Weight.AsSpan<float>().ToArray().ShouldBe(reference.AsSpan<float>().ToArray());
    }

    [Fact]
    public void MatMul_GroupsOnAxis0_RunAlongK_AndOnAxis1_AreQC4202()
    {
        var (_, mm) = TestGraphs.MatMul(nOut: 3, k: 8);
        var layer = TestGraphs.Layer(mm);
        var bag = new DiagnosticBag();
        var q = LayerQuantizer.RoundToNearest(layer, NumberFormat.Parse("int4(group=4, axis=0)"), bag)!;
        q.Encoded.Parameters.Dims.ShouldBe([3L, 2L]);
        LayerQuantizer.RoundToNearest(layer, NumberFormat.Parse("int4(group=4)"), bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4202");
        bag.Single().Hint.ShouldNotBeNull().ShouldContain("axis=0");
    }

    [Fact]
    public void PerChannelOnTheInputAxis_IsQC4202()
    {
        var (_, conv) = TestGraphs.Conv(m: 3, c: 4, kh: 3, kw: 3);
        var bag = new DiagnosticBag();
        LayerQuantizer.RoundToNearest(TestGraphs.Layer(conv), NumberFormat.Parse("int8(axis=1)"), bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4202");
        bag.Single().Hint.ShouldNotBeNull().ShouldContain("axis=0");
    }

    [Fact]
    public void GroupsOnANonReducedAxis_AreQC4202()
    {
        var (_, conv) = TestGraphs.Conv(m: 4, c: 4, kh: 3, kw: 3);
        var bag = new DiagnosticBag();
        LayerQuantizer.RoundToNearest(TestGraphs.Layer(conv), NumberFormat.Parse("int4(group=2, axis=0)"), bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4202");
    }
}
