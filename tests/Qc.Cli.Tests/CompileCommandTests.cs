using Qc.Testing;

namespace Qc.Cli.Tests;

public sealed class CompileCommandTests : IDisposable
{
    private const string Data = "/usr/share/datasets/fashion-mnist";
    private const string Model = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-compile-cli-" + Guid.NewGuid().ToString("N"));

    public CompileCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Recipe(string require) => WriteRecipe($"""
        qc: 1
        model: {TestEnvironment.Resolve(Model)}
        inputs: {"{"} input: [1, 1, 28, 28] {"}"}
        calibration: {"{"} data: {Data}/train-images-idx3-ubyte.gz, samples: 128 {"}"}
        quantize: {"{"} weights: int8(per_channel), activations: uint8(per_tensor) {"}"}
        evaluate: {"{"} data: {Data}/t10k-images-idx3-ubyte.gz, metric: top1, samples: 500, require: "{require}" {"}"}
        """);

    private string WriteRecipe(string text)
    {
        var path = Path.Combine(_dir, "recipe.yaml");
        File.WriteAllText(path, text + "\n");
        return path;
    }

    [OrtFact(Model, Data)]
    public void CompileEmitOnnx_WritesModelAndPlan_AndPrintsTheReport()
    {
        TestEnvironment.RequireOrt(Model, Data);
        var outDir = Path.Combine(_dir, "out");
        var (exit, stdout, stderr) = CliRunner.Run("compile", Recipe("top1_drop <= 1%"), "--emit", "onnx", "-o", outDir,
            "--sensitivity-samples", "16");
        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "fashion_cnn.qdq.onnx")));
        Assert.True(File.Exists(Path.Combine(outDir, "plan.json")));
        Assert.Contains("/fc1/Gemm", stdout, StringComparison.Ordinal);
        Assert.Contains("gate: top1_drop <= 1%: passed", stdout, StringComparison.Ordinal);
        Assert.Contains("qc: evaluation", stderr, StringComparison.Ordinal); // progress lines (stderr is not a terminal)
    }

    [OrtFact(Model, Data)]
    public void CompileQuiet_FailingGate_ExitsOne_WithTheNumbers()
    {
        TestEnvironment.RequireOrt(Model, Data);
        var (exit, stdout, stderr) = CliRunner.Run("compile", Recipe("top1 >= 0.99"), "--emit", "onnx", "-o", Path.Combine(_dir, "o"), "--quiet");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC4407: accuracy gate 'top1 >= 0.99' failed after 1 round(s): ", stderr, StringComparison.Ordinal);
        Assert.Contains("top1 0.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("qc: evaluation", stderr, StringComparison.Ordinal);
        Assert.Contains("gate: top1 >= 0.99: FAILED", stdout, StringComparison.Ordinal);
    }

    [NativeFact]
    public void Compile_DefaultEmit_WritesThePackage_Deterministically()
    {
        var recipe = WriteRecipe($"qc: 1\nmodel: {TestEnvironment.Resolve(Model)}\ninputs: {{ input: [1, 1, 28, 28] }}\ntarget: x86_64-linux-gnu:x86-64-v3");
        var first = Path.Combine(_dir, "a.qcpkg");
        var second = Path.Combine(_dir, "b.qcpkg");
        var (exit, stdout, stderr) = CliRunner.Run("compile", recipe, "-o", first, "--target", "x86_64-linux-gnu:x86-64-v3", "--quiet");
        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.Contains("  target x86_64-linux-gnu:x86-64-v3: ", stdout, StringComparison.Ordinal);
        Assert.Contains("wrote " + first, stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("compile", recipe, "-o", second, "--quiet").Exit);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Compile_BadTarget_IsQC6003_AndNoPackage()
    {
        var recipe = WriteRecipe($"qc: 1\nmodel: {TestEnvironment.Resolve(Model)}\ninputs: {{ input: [1, 1, 28, 28] }}");
        var (exit, _, stderr) = CliRunner.Run("compile", recipe, "--target", "x86_64-linux-gnu:znver9", "-o", Path.Combine(_dir, "m.qcpkg"));
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC6003", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "m.qcpkg")));
    }

    [Fact]
    public void Compile_TargetWithOnnxEmit_IsAUsageError()
    {
        var (exit, _, stderr) = CliRunner.Run("compile", WriteRecipe("qc: 1"), "--emit", "onnx", "--target", "x86_64-linux-gnu:znver4");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error QC1001: --target applies to the package emit", stderr, StringComparison.Ordinal);
    }
}
