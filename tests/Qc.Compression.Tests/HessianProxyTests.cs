using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Compression.Tests;

public sealed class HessianProxyTests
{
    [Fact]
    public void Proxy_IsTheSecondMomentWeightedSquaredError()
    {
        var (_, gemm) = TestGraphs.Gemm(nOut: 4, k: 6, transB: false);
        var layer = TestGraphs.Layer(gemm);
        double[] moments = [1, 2, 0, 0.5, 3, 1];
        var q = LayerQuantizer.RoundToNearest(layer, NumberFormat.Parse("int3(axis=1)"), new DiagnosticBag())!;
        var w = layer.ToMatrix();
        var expected = 0.0;
        for (var r = 0; r < 4; r++)
        {
            for (var i = 0; i < 6; i++)
            {
                var d = (double)q.Matrix[(r * 6) + i] - w[(r * 6) + i];
                expected += moments[i] * d * d;
            }
        }

        HessianProxy.Sensitivity(layer, NumberFormat.Parse("int3(axis=1)"), moments, new DiagnosticBag())!.Value.ShouldBe(expected, expected * 1e-12);
    }

    [Fact]
    public void Proxy_OrdersFormatsByPrecision_AndPerChannelMomentsBroadcastOverTheWindow()
    {
        var (_, conv) = TestGraphs.Conv(m: 4, c: 3, kh: 3, kw: 3, pad: 1, n: 4, h: 6, w: 6);
        var layer = TestGraphs.Layer(conv);
        var acc = HessianAccumulator.For(layer);
        acc.Add(TensorData.Create<float>([4, 3, 6, 6], TestGraphs.Random(4 * 3 * 36, 8)));
        var bag = new DiagnosticBag();
        var moments = acc.FeatureSecondMoments();
        var s8 = HessianProxy.Sensitivity(layer, NumberFormat.Parse("int8(axis=0)"), moments, bag)!.Value;
        var s4 = HessianProxy.Sensitivity(layer, NumberFormat.Parse("int4(axis=0)"), moments, bag)!.Value;
        var s2 = HessianProxy.Sensitivity(layer, NumberFormat.Parse("int2(axis=0)"), moments, bag)!.Value;
        s8.ShouldBeLessThan(s4);
        s4.ShouldBeLessThan(s2);
        var perChannel = HessianProxy.Sensitivity(layer, NumberFormat.Parse("int4(axis=0)"), [0.3, 0.3, 0.3], bag)!.Value;
        var uniform = HessianProxy.Sensitivity(layer, NumberFormat.Parse("int4(axis=0)"), Enumerable.Repeat(0.3, 27).ToArray(), bag)!.Value;
        perChannel.ShouldBe(uniform, uniform * 1e-12);
        bag.Count.ShouldBe(0);
    }

    [Fact]
    public void WrongMomentCount_IsQC4208()
    {
        var (_, gemm) = TestGraphs.Gemm(nOut: 4, k: 6, transB: true);
        var bag = new DiagnosticBag();
        HessianProxy.Sensitivity(TestGraphs.Layer(gemm), NumberFormat.Parse("int4(axis=0)"), [1, 2], bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4208");
    }
}
