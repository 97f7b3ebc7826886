using Qc.Core.Diagnostics;

namespace Qc.Compression.Tests;

public sealed class WeightPruningTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Magnitude_ZeroesExactlyTheRequestedCount(double sparsity)
    {
        var (_, conv) = TestGraphs.Conv(m: 8, c: 4, kh: 3, kw: 3);
        var layer = TestGraphs.Layer(conv);
        var p = WeightPruning.Magnitude(layer, sparsity, new DiagnosticBag())!;
        var n = 8 * 4 * 9;
        var expected = (long)Math.Round(sparsity * n, MidpointRounding.ToEven);
        p.Zeroed.ShouldBe(expected);
        p.Weight.AsSpan<float>().ToArray().Count(v => v == 0).ShouldBe((int)expected);

        // Every kept weight is at least as large as every pruned one.
        var original = layer.WeightData.ToArray<float>();
        var pruned = p.Weight.AsSpan<float>().ToArray();
        var maxPruned = original.Where((v, i) => pruned[i] == 0).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var minKept = original.Where((v, i) => pruned[i] != 0).Select(Math.Abs).Min();
        minKept.ShouldBeGreaterThanOrEqualTo(maxPruned);
    }

    [Fact]
    public void Magnitude_TiesGoByPosition()
    {
        float[] w = [1, -1, 1, 2, -1, 1];
        WeightPruning.PruneSmallest(w, 0.5).ShouldBe(3);
        w.ShouldBe([0f, 0f, 0f, 2f, -1f, 1f]);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Magnitude_OutOfRange_IsQC4205(double sparsity)
    {
        var (_, gemm) = TestGraphs.Gemm(nOut: 2, k: 4, transB: true);
        var bag = new DiagnosticBag();
        WeightPruning.Magnitude(TestGraphs.Layer(gemm), sparsity, bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4205");
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(4, 8)]
    [InlineData(1, 4)]
    public void NM_HoldsInEveryGroupAlongTheReducedDimension(int n, int m)
    {
        // MatMul: the view is the transpose, so groups run down the stored columns (along K).
        var (_, mm) = TestGraphs.MatMul(nOut: 6, k: 16);
        var layer = TestGraphs.Layer(mm);
        var p = WeightPruning.NM(layer, n, m, new DiagnosticBag())!;
        var original = layer.ToMatrix();
        for (var r = 0; r < 6; r++)
        {
            for (var g = 0; g < 16; g += m)
            {
                var group = p.Matrix.AsSpan((r * 16) + g, m).ToArray();
                group.Count(v => v != 0).ShouldBe(n);
                var kept = original.AsSpan((r * 16) + g, m).ToArray().Where((v, i) => group[i] != 0).Select(Math.Abs).Min();
                var dropped = original.AsSpan((r * 16) + g, m).ToArray().Where((v, i) => group[i] == 0).Select(Math.Abs).Max();
                kept.ShouldBeGreaterThanOrEqualTo(dropped);
            }
        }

        p.Zeroed.ShouldBe(6 * 16 / m * (m - n));
        layer.ToMatrix(p.Weight.AsSpan<float>()).ShouldBe(p.Matrix);
    }

    [Fact]
    public void NM_OnAConv_RunsAcrossChannelsAndWindow()
    {
        var (_, conv) = TestGraphs.Conv(m: 2, c: 4, kh: 1, kw: 2);
        var p = WeightPruning.NM(TestGraphs.Layer(conv), 2, 4, new DiagnosticBag())!;
        for (var r = 0; r < 2; r++)
        {
            p.Matrix.AsSpan(r * 8, 4).ToArray().Count(v => v != 0).ShouldBe(2);
            p.Matrix.AsSpan((r * 8) + 4, 4).ToArray().Count(v => v != 0).ShouldBe(2);
        }
    }

    [Fact]
    public void NM_NotDividing_IsQC4204_AndBadPattern_IsQC4203()
    {
        var (_, conv) = TestGraphs.Conv(m: 2, c: 1, kh: 3, kw: 3);
        var bag = new DiagnosticBag();
        WeightPruning.NM(TestGraphs.Layer(conv), 2, 4, bag).ShouldBeNull();
        WeightPruning.NM(TestGraphs.Layer(conv), 4, 4, bag).ShouldBeNull();
        bag.Select(d => d.Code.ToString()).ShouldBe(["QC4204", "QC4203"]);
        bag.First().Message.ShouldContain("(9)");
    }
}
