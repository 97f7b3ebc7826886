using System.Text.Json;
using Qc.Testing;

namespace Qc.Cli.Tests;

public sealed class RecipeCommandTests : IDisposable
{
    private const string ClsRecipe = "examples/paddleocr-cls/recipe.yaml";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-recipe-cli-" + Guid.NewGuid().ToString("N"));

    public RecipeCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "recipe.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Check_Example_IsOkWithDataWarnings()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        var (exit, stdout, stderr) = CliRunner.Run("check", TestEnvironment.Resolve(ClsRecipe));
        Assert.True(exit == ExitCodes.Success, stderr);
        // The example reads the OCR calibration data scripts/setup.sh makes; without it both data paths warn (QC2006).
        var dataMade = File.Exists(TestEnvironment.Resolve(".cache/ocr-calibration/cls_lines.npz"));
        Assert.EndsWith($"recipe.yaml: ok (54 weight-bearing ops planned, {(dataMade ? "0 warnings" : "2 warnings")})\n", stdout, StringComparison.Ordinal);
        Assert.True(dataMade || stderr.Contains("warning QC2006: calibration data", StringComparison.Ordinal), stderr);
        Assert.DoesNotContain("error", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("examples/fashion-cnn/recipe.yaml", 5)]
    [InlineData("examples/fashion-vit/recipe.yaml", 14)]
    public void Check_FashionExamples_AreOk(string recipe, int ops)
    {
        // The fixtures are committed; the dataset comes from scripts/setup.sh (without it the data paths only warn).
        var (exit, stdout, stderr) = CliRunner.Run("check", TestEnvironment.Resolve(recipe));
        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.Contains($"recipe.yaml: ok ({ops} weight-bearing ops planned, ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_FashionCnn_ShowsWhereScalesRun()
    {
        var (exit, stdout, stderr) = CliRunner.Run("plan", TestEnvironment.Resolve("examples/fashion-cnn/recipe.yaml"), "--json");
        Assert.True(exit == ExitCodes.Success, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var fc1 = doc.RootElement.GetProperty("layers")[3];
        Assert.Equal("/fc1/Gemm", fc1.GetProperty("name").GetString());
        var int4 = fc1.GetProperty("candidates")[1];
        Assert.Equal("int4(group=32, scale=f16)", int4.GetProperty("codec").GetString());
        Assert.Equal("int4(group=32, scale=f16)", int4.GetProperty("formats")[0].GetProperty("format").GetString()); // [64, 576]: axis 1 = K
        var conv3 = doc.RootElement.GetProperty("layers")[2].GetProperty("candidates")[1].GetProperty("formats")[0];
        Assert.Equal("reshape", conv3.GetProperty("view").GetString());
        Assert.Equal("[64,288]", conv3.GetProperty("dims").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_Mistakes_AreAllReported_ExitOne()
    {
        var path = Write("qc: 2\nmodel: missing.onnx\nquantize:\n  weights: int9(axis=0)\n");
        var (exit, stdout, stderr) = CliRunner.Run("check", path);
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("error QC2004: unsupported recipe version '2'", stderr, StringComparison.Ordinal);
        Assert.Contains("error QC2005: model", stderr, StringComparison.Ordinal);
        Assert.Contains("error QC2020: unknown number format or codec 'int9'", stderr, StringComparison.Ordinal);
        Assert.Contains("  4 |   weights: int9(axis=0)\n    |            ^~~~\n", stderr, StringComparison.Ordinal);
        Assert.Contains("hint: did you mean 'int2'?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_JsonDiagnostics()
    {
        var path = Write("qc: 1\nmodel: missing.onnx\n");
        var (exit, _, stderr) = CliRunner.Run("check", path, "--diagnostics", "json");
        Assert.Equal(ExitCodes.InputErrors, exit);
        using var doc = JsonDocument.Parse(stderr);
        Assert.Equal("QC2005", doc.RootElement[0].GetProperty("code").GetString());
        Assert.Equal(2, doc.RootElement[0].GetProperty("line").GetInt32());
        Assert.Equal(8, doc.RootElement[0].GetProperty("column").GetInt32());
    }

    [Fact]
    public void Check_MissingRecipe_IsQC1100()
    {
        var (exit, _, stderr) = CliRunner.Run("check", Path.Combine(_dir, "none.yaml"));
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC1100: cannot read", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("plan")]
    [InlineData("plan", "r.yaml", "--explain")]
    public void Usage_Errors_ExitTwo(params string[] args) => Assert.Equal(ExitCodes.Usage, CliRunner.Run(args).Exit);

    [DataFact(TestEnvironment.ClsModel)]
    public void Plan_Table_And_Json()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        var (exit, stdout, stderr) = CliRunner.Run("plan", TestEnvironment.Resolve(ClsRecipe));
        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.Contains(" 0  p2o.Conv.0    Conv    8x3x3x3        216  int8(per_channel, symmetric)", stdout, StringComparison.Ordinal);
        (exit, stdout, stderr) = CliRunner.Run("plan", TestEnvironment.Resolve(ClsRecipe), "--json");
        Assert.True(exit == ExitCodes.Success, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(54, doc.RootElement.GetProperty("layers").GetArrayLength());
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Plan_Explain()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        var (exit, stdout, stderr) = CliRunner.Run("plan", TestEnvironment.Resolve(ClsRecipe), "--explain", "p2o.Conv.0");
        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.StartsWith("p2o.Conv.0 (Conv, weight conv2d_0.w_0 8x3x3x3", stdout, StringComparison.Ordinal);
        Assert.Contains("rule 'edges'", stdout, StringComparison.Ordinal);
        (exit, _, stderr) = CliRunner.Run("plan", TestEnvironment.Resolve(ClsRecipe), "--explain", "conv_0");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC2043: no weight-bearing op is named 'conv_0'", stderr, StringComparison.Ordinal);
    }
}
