using Qc.Core.Diagnostics;
using Qc.Driver.Packages;
using Qc.Package;

namespace Qc.Driver.Tests.Packages;

/// <summary>Input binding without running anything: random inputs per element type, seeds, and argument mistakes.</summary>
public sealed class PackageInputsTests
{
    private static readonly ManifestTensor[] s_inputs = [.. QcDTypes.All.Select((t, i) => new ManifestTensor("in" + i, t, [2, 50], i))];

    [Fact]
    public void Random_CoversEveryElementTypeWithinItsRange()
    {
        var bag = new DiagnosticBag();
        var sets = PackageInputs.Bind(PackageInputSource.RandomInputs(3, samples: 2), s_inputs, bag)!;
        bag.Count.ShouldBe(0);
        sets.Count.ShouldBe(2);
        foreach (var spec in s_inputs)
        {
            var t = sets[0][spec.Name];
            t.DType.ShouldBe(spec.DType);
            t.Shape.ShouldBe([2L, 50]);
            var values = PackageTensors.ToCore(t).ToDoubleArray();
            var (low, high) = spec.DType switch
            {
                QcDType.F32 or QcDType.F64 or QcDType.F16 or QcDType.BF16 => (-1.0, 1.0),
                QcDType.Bool => (0.0, 1.0),
                _ => (0.0, 9.0),
            };
            values.ShouldAllBe(v => v >= low && v <= high, spec.DType.ToString());
            values.Distinct().Count().ShouldBeGreaterThan(1, spec.DType.ToString());
        }

        sets[0]["in0"].Data.ShouldNotBe(sets[1]["in0"].Data);
    }

    [Fact]
    public void Random_SameSeed_SameTensors()
    {
        var a = PackageInputs.Bind(PackageInputSource.RandomInputs(11), s_inputs, new DiagnosticBag())!;
        var b = PackageInputs.Bind(PackageInputSource.RandomInputs(11), s_inputs, new DiagnosticBag())!;
        var c = PackageInputs.Bind(PackageInputSource.RandomInputs(12), s_inputs, new DiagnosticBag())!;
        foreach (var spec in s_inputs)
        {
            b[0][spec.Name].Data.ShouldBe(a[0][spec.Name].Data);
        }

        c[0]["in0"].Data.ShouldNotBe(a[0]["in0"].Data);
    }

    [Theory]
    [InlineData(true, 0, "--samples must be at least 1, not 0")]
    [InlineData(false, 2, "--samples needs --random-inputs")]
    public void BadSampleCounts_AreQC1001(bool random, int samples, string message)
    {
        var bag = new DiagnosticBag();
        PackageInputs.Bind(new PackageInputSource([], random, 0, samples), s_inputs, bag).ShouldBeNull();
        var d = bag.Single();
        (d.Code.ToString(), d.Message).ShouldBe(("QC1001", message));
    }

    [Fact]
    public void NoFiles_ReportsEveryMissingInput()
    {
        var bag = new DiagnosticBag();
        PackageInputs.Bind(new PackageInputSource([]), s_inputs[..2], bag).ShouldBeNull();
        bag.Single().Message.ShouldBe("missing input 'in0' f32[2,50], 'in1' f16[2,50]");
    }
}
