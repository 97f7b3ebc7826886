using Qc.Core.Tensors;
using Qc.Testing;

namespace Qc.Ir.Kernel.Tests;

/// <summary>The printed text of the sample kernels against tests/golden/kernel-ir/*.kir; <c>QC_UPDATE_GOLDEN=1</c> rewrites them.</summary>
public sealed class GoldenTests
{
    /// <summary>The conv golden: 1 input channel, 2 output channels, 4x4, with small fixed weights.</summary>
    public static KernelModule ConvModule() => SampleKernels.Conv(1, 2, 4, 4,
        TensorData.Create<float>([2, 1, 3, 3], [.. Enumerable.Range(0, 18).Select(i => (i - 9) * 0.125f)]),
        TensorData.Create<float>([2], [0.5f, -0.25f]));

    public static TheoryData<string> Names() => ["axpy", "dot", "relu", "conv2d"];

    [Theory]
    [MemberData(nameof(Names))]
    public void PrintedText_MatchesGolden(string name)
    {
        var m = name switch
        {
            "axpy" => SampleKernels.Axpy(1000),
            "dot" => SampleKernels.Dot(256),
            "relu" => SampleKernels.Relu(100, 16),
            _ => ConvModule(),
        };
        Assert.Empty(m.Verify());
        Match($"kernel-ir/{name}.kir", m.Print(new KernelPrintOptions(PrintWeights: true)));
    }

    private static void Match(string relativePath, string actual)
    {
        var path = Path.Combine(TestEnvironment.RepoRoot, "tests", "golden", relativePath);
        if (Environment.GetEnvironmentVariable("QC_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, actual);
            File.Move(temp, path, overwrite: true);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing: run the tests with QC_UPDATE_GOLDEN=1 and review the diff");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
