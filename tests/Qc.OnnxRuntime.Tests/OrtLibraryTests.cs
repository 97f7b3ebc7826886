namespace Qc.OnnxRuntime.Tests;

/// <summary>How the library is located (parts that need no library).</summary>
public sealed class OrtLibraryTests
{
    [Fact]
    public void FindRepositoryRoot_WalksUpToCompilerSln()
    {
        var root = OrtLibrary.FindRepositoryRoot(AppContext.BaseDirectory);
        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "Compiler.sln")));
        Assert.StartsWith(root, AppContext.BaseDirectory, StringComparison.Ordinal);
        Assert.Null(OrtLibrary.FindRepositoryRoot(Path.GetTempPath()));
    }

    [Fact]
    public void TryLoad_NeverThrows_AndExplainsAFailure()
    {
        var loaded = OrtLibrary.TryLoad(out var reason);
        Assert.Equal(loaded, reason is null);
        if (!loaded)
        {
            Assert.Contains("scripts/setup.sh", reason, StringComparison.Ordinal);
            Assert.Contains(OrtLibrary.PathVariable, reason, StringComparison.Ordinal);
        }
    }
}
