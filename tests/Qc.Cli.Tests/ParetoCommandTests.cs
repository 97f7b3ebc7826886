using Qc.Testing;

namespace Qc.Cli.Tests;

public sealed class ParetoCommandTests : IDisposable
{
    private const string Data = "/usr/share/datasets/fashion-mnist";
    private const string Model = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-pareto-cli-" + Guid.NewGuid().ToString("N"));

    public ParetoCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Recipe()
    {
        var path = Path.Combine(_dir, "recipe.yaml");
        File.WriteAllText(path, $"""
            qc: 1
            model: {TestEnvironment.Resolve(Model)}
            inputs: {"{"} input: [1, 1, 28, 28] {"}"}
            calibration: {"{"} data: {Data}/train-images-idx3-ubyte.gz, samples: 128 {"}"}
            quantize: {"{"} weights: int8(per_channel), activations: uint8(per_tensor) {"}"}
            allocate:
              over: op in [Conv, Gemm] and not (is_first or is_last)
              choices: [int8(per_channel), int4(group=32, scale=f16), int2(group=16, scale=f16)]
              subject_to: [size <= 0.15 * fp32.size]
            """ + "\n");
        return path;
    }

    [OrtFact(Model, Data)]
    public void PlanPareto_PrintsTheTable_AndWritesCsvAndSvg()
    {
        TestEnvironment.RequireOrt(Model, Data);
        var outDir = Path.Combine(_dir, "out");
        var (exit, stdout, stderr) = CliRunner.Run("plan", Recipe(), "--pareto", "--points", "5", "-o", outDir, "--sensitivity-samples", "16");
        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.Contains("5 size budgets from ", stdout, StringComparison.Ordinal);
        Assert.Contains(" front\n", stdout, StringComparison.Ordinal);
        Assert.Contains("predicted", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("top-1", stdout, StringComparison.Ordinal); // not measured
        Assert.Equal(6, File.ReadAllLines(Path.Combine(outDir, "pareto.csv")).Length);
        Assert.StartsWith("<svg ", File.ReadAllText(Path.Combine(outDir, "pareto.svg")), StringComparison.Ordinal);
        Assert.Contains("qc: pareto solve", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanPareto_WithOnePoint_IsAUsageError()
    {
        var (exit, _, stderr) = CliRunner.Run("plan", Path.Combine(_dir, "any.yaml"), "--pareto", "--points", "1");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--points must be at least 2", stderr, StringComparison.Ordinal);
    }
}
