namespace Qc.Codegen.Tests;

/// <summary>Consistency of the allow-lists measured from llc 19.</summary>
public sealed class TargetCatalogTests
{
    public static TheoryData<TargetArchitecture> Architectures => [TargetArchitecture.X86_64, TargetArchitecture.AArch64, TargetArchitecture.Nvptx64];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Lists_AreSortedAndUnique(TargetArchitecture architecture)
    {
        foreach (var list in new[] { TargetCatalog.Cpus(architecture), TargetCatalog.Features(architecture) })
        {
            Assert.Equal(list.Order(StringComparer.Ordinal).Distinct(), list);
            Assert.NotEmpty(list);
        }
    }

    [Fact]
    public void Lists_HoldTheNamesTheIssueUses()
    {
        Assert.True(TargetCatalog.IsKnownCpu(TargetArchitecture.X86_64, "znver4"));
        Assert.True(TargetCatalog.IsKnownCpu(TargetArchitecture.X86_64, "znver5"));
        Assert.True(TargetCatalog.IsKnownCpu(TargetArchitecture.X86_64, "x86-64-v3"));
        Assert.True(TargetCatalog.IsKnownCpu(TargetArchitecture.AArch64, "neoverse-n1"));
        Assert.True(TargetCatalog.IsKnownFeature(TargetArchitecture.X86_64, "prefer-256-bit"));
        Assert.True(TargetCatalog.IsKnownFeature(TargetArchitecture.AArch64, "neon"));
        Assert.True(TargetCatalog.IsKnownFeature(TargetArchitecture.Nvptx64, "ptx85"));
        Assert.False(TargetCatalog.IsKnownFeature(TargetArchitecture.X86_64, "64bit"));
    }

    [Fact]
    public void EveryGpu_HasAMinimumPtxVersionLlvmCanWrite()
    {
        foreach (var (sm, ptx) in TargetCatalog.SmMinimumPtx)
        {
            Assert.True(TargetCatalog.IsKnownFeature(TargetArchitecture.Nvptx64, $"ptx{ptx}"), sm);
        }
    }

    [Fact]
    public void Spelling_Distance()
    {
        Assert.Equal(0, Spelling.Distance("znver4", "ZNVER4"));
        Assert.Equal(1, Spelling.Distance("znver9", "znver4"));
        Assert.Equal(["neoverse-n1", "neoverse-n2", "neoverse-n3"], Spelling.Suggest("neoverse-n", TargetCatalog.Cpus(TargetArchitecture.AArch64)));
        Assert.Empty(Spelling.Suggest("completely-unrelated", ["znver4"]));
    }
}
