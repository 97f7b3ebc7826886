using Qc.Testing;

namespace Qc.Codegen.Llvm.Tests;

/// <summary>Whole-output golden files under tests/golden/; <c>QC_UPDATE_GOLDEN=1</c> rewrites them.</summary>
internal static class Golden
{
    public static void Match(string relativePath, string actual)
    {
        var path = Path.Combine(TestEnvironment.RepoRoot, "tests", "golden", relativePath);
        if (Environment.GetEnvironmentVariable("QC_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing: run the tests with QC_UPDATE_GOLDEN=1 and review the diff");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
