using Qc.Driver.Packages;
using Qc.Package;

namespace Qc.Driver.Tests.Packages;

/// <summary>The error statistics of <c>qc verify</c> on hand-computed cases, including zeros, infinities and NaN.</summary>
public sealed class ComparisonAccumulatorTests
{
    private static readonly ManifestTensor s_y = new("y", QcDType.F32, [4], 0);

    private static OutputComparison Compare(double threshold, params (double[] Qc, double[] Ref)[] samples)
    {
        var acc = new ComparisonAccumulator();
        foreach (var (q, r) in samples)
        {
            acc.Add(q, r);
        }

        return acc.Result(s_y, threshold);
    }

    [Fact]
    public void Equal_IsInfiniteSqnrAndPasses()
    {
        var c = Compare(60, ([1, -2, 0, 3], [1, -2, 0, 3]));
        (c.MaxAbsError, c.MaxRelError, c.Cosine, c.NanMismatches).ShouldBe((0.0, 0.0, 1.0, 0L));
        c.SqnrDb.ShouldBe(double.PositiveInfinity);
        c.Passed.ShouldBeTrue();
    }

    [Fact]
    public void KnownError_GivesTheDefinedStatistics()
    {
        // ref = [3, 4, 0, 0]: signal 25; qc - ref = [0.1, 0, 0, -0.2]: noise 0.05 → 10·log10(500) dB
        var c = Compare(30, ([3.1, 4, 0, -0.2], [3, 4, 0, 0]));
        c.Elements.ShouldBe(4);
        c.MaxAbsError.ShouldBe(0.2, 1e-12);
        c.SqnrDb.ShouldBe(10 * Math.Log10(500), 1e-9);
        c.Passed.ShouldBeFalse(); // 26.99 dB < 30 dB
        c.Cosine.ShouldBe(((3.1 * 3) + 16) / Math.Sqrt(((3.1 * 3.1) + 16 + 0.04) * 25), 1e-12);
        // |ref| below 1e-6 · max|ref| uses that floor: 0.2 / 4e-6
        c.MaxRelError.ShouldBe(0.2 / 4e-6, 1e-3);
    }

    [Fact]
    public void Threshold_IsInclusiveAndSamplesAccumulate()
    {
        var one = Compare(10, ([1.1, 1, 1, 1], [1, 1, 1, 1]));
        var two = Compare(10, ([1.1, 1, 1, 1], [1, 1, 1, 1]), ([1, 1, 1, 1], [1, 1, 1, 1]));
        one.SqnrDb.ShouldBe(10 * Math.Log10(4 / 0.01), 1e-9);
        two.SqnrDb.ShouldBe(10 * Math.Log10(8 / 0.01), 1e-9);
        two.Elements.ShouldBe(8);
        Compare(one.SqnrDb, ([1.1, 1, 1, 1], [1, 1, 1, 1])).Passed.ShouldBeTrue();
    }

    [Fact]
    public void NearZeroReference_IsReported_AndTheHintSaysSoForRandomInputs()
    {
        // A saturated sigmoid on random inputs: both ~1e-9, differing relatively a lot.
        var c = Compare(60, ([2e-9, 1e-9, 0, 3e-8], [1e-9, 1e-9, 0, 2e-8]), ([0, 0, 0, 0], [0, 0, 0, -5e-8]));
        c.ReferenceMaxAbs.ShouldBe(5e-8, 1e-20);
        c.Passed.ShouldBeFalse();
        var bag = new Qc.Core.Diagnostics.DiagnosticBag();
        PackageDiagnostics.BelowThreshold(bag, "m.qcpkg", "y", "12.0", 60, c.ReferenceMaxAbs);
        PackageDiagnostics.BelowThreshold(bag, "m.qcpkg", "y", "12.0", 60, 0.5);
        PackageDiagnostics.BelowThreshold(bag, "m.qcpkg", "y", "12.0", 60);
        bag.Select(d => d.Code.Number).ShouldAllBe(n => n == PackageCodes.BelowThreshold);
        bag.ElementAt(0).Hint.ShouldBe("on these random inputs ONNX Runtime's 'y' is small everywhere (largest |value| 5E-08), so SQNR mostly measures rounding differences; verify with representative inputs (--input NAME=FILE.npy)");
        bag.ElementAt(1).Hint.ShouldStartWith("compare the outputs with 'qc run'");
        bag.ElementAt(2).Hint.ShouldStartWith("compare the outputs with 'qc run'");
    }

    [Fact]
    public void NanInOneOnly_IsMinusInfinityAndFails()
    {
        var c = Compare(-1000, ([double.NaN, 1, 1, 1], [1, 1, 1, 1]));
        c.NanMismatches.ShouldBe(1);
        c.SqnrDb.ShouldBe(double.NegativeInfinity);
        c.Passed.ShouldBeFalse();
        Compare(60, ([double.NaN, 1, 1, 1], [double.NaN, 1, 1, 1])).SqnrDb.ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public void Infinities_CompareEqualWhenEqual()
    {
        Compare(60, ([double.PositiveInfinity, 1, 1, 1], [double.PositiveInfinity, 1, 1, 1])).Passed.ShouldBeTrue();
        var c = Compare(-1000, ([double.PositiveInfinity, 1, 1, 1], [1, 1, 1, 1]));
        c.SqnrDb.ShouldBe(double.NegativeInfinity);
        c.MaxAbsError.ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public void ZeroReference_WithError_FailsAndZeroOutput_HasCosineZero()
    {
        var c = Compare(0, ([1, 0, 0, 0], [0, 0, 0, 0]));
        c.SqnrDb.ShouldBe(double.NegativeInfinity);
        c.MaxRelError.ShouldBe(double.PositiveInfinity);
        c.Cosine.ShouldBe(0);
        c.Passed.ShouldBeFalse();
    }
}
