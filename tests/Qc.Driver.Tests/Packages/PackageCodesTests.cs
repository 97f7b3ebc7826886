using System.Reflection;
using Qc.Core.Diagnostics;
using Qc.Driver.Packages;

namespace Qc.Driver.Tests.Packages;

public sealed class PackageCodesTests
{
    private static int[] Codes() => [.. typeof(PackageCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetValue(null)!)];

    [Fact]
    public void Codes_AreUniqueInTheQC73Block_AndListedInSpecsDiagnostics()
    {
        var codes = Codes();
        codes.Length.ShouldBe(7);
        codes.Distinct().Count().ShouldBe(codes.Length);
        codes.ShouldAllBe(c => c >= 7300 && c < 7400);
        var spec = File.ReadAllText(TestEnvironment.Resolve("specs/diagnostics.md"));
        codes.Select(c => new DiagnosticCode(c).ToString()).Where(c => !spec.Contains($"| {c} |", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
