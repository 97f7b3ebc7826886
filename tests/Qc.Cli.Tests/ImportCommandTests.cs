using System.Text.Json;
using Qc.Ir.Graph;
using Qc.Testing;

namespace Qc.Cli.Tests;

public sealed class ImportCommandTests
{
    [DataFact(TestEnvironment.DetModel)]
    public void Import_Det_PrintsIrAndStaticSummary()
    {
        TestEnvironment.Require(TestEnvironment.DetModel);
        var (exit, stdout, stderr) = CliRunner.Run("import", TestEnvironment.Resolve(TestEnvironment.DetModel), "--input-shape", "x=1x3x640x640", "--print-ir");
        Assert.True(exit == 0, stderr);
        Assert.Contains("graph @", stdout, StringComparison.Ordinal);
        Assert.Contains("  input   x: tensor<1x3x640x640xf32>", stdout, StringComparison.Ordinal);
        Assert.Contains("  output  sigmoid_0.tmp_0: tensor<1x1x640x640xf32>", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MACs        unknown", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n    Conv +62\n", stdout);
    }

    [DataFact(TestEnvironment.ClsModel)]
    public void Import_PrintIr_ParsesBackIdentically()
    {
        TestEnvironment.Require(TestEnvironment.ClsModel);
        var (exit, stdout, stderr) = CliRunner.Run("import", TestEnvironment.Resolve(TestEnvironment.ClsModel), "--input-shape", "x=1x3x48x192", "--print-ir", "--no-summary");
        Assert.True(exit == 0, stderr);
        var parsed = GraphParser.Parse(stdout);
        Assert.True(parsed.Diagnostics.IsEmpty, string.Join("\n", parsed.Diagnostics));
        Assert.Equal(stdout, GraphPrinter.Print(parsed.Module!));
    }

    [Fact]
    public void Import_MissingFile_IsQC3001()
    {
        var (exit, stdout, stderr) = CliRunner.Run("import", "/nonexistent/model.onnx");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC3001", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public void Import_Garbage_IsDiagnosticNotStackTrace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qc-garbage-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3, 4, 5, 6, 7, 8]);
        try
        {
            var (exit, _, stderr) = CliRunner.Run("import", path);
            Assert.Equal(ExitCodes.InputErrors, exit);
            Assert.Contains("error QC30", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Import_BadInputShape_IsQC1001()
    {
        var (exit, _, stderr) = CliRunner.Run("import", "m.onnx", "--input-shape", "x=1x3xbad-dim");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC1001", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_JsonDiagnostics_AreJson()
    {
        var (exit, _, stderr) = CliRunner.Run("import", "/nonexistent/model.onnx", "--diagnostics", "json");
        Assert.Equal(ExitCodes.InputErrors, exit);
        using var doc = JsonDocument.Parse(stderr);
        Assert.Equal("QC3001", doc.RootElement[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "a.onnx", "--no-such-option")]
    [InlineData("frobnicate")]
    public void BadCommandLine_ExitsWithUsage(params string[] args)
    {
        var (exit, _, stderr) = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("qc --help", stderr, StringComparison.Ordinal);
    }
}
