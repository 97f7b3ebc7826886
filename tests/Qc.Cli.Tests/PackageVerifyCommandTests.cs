using System.Text.Json;
using Qc.Testing;
using Shouldly;

namespace Qc.Cli.Tests;

/// <summary><c>qc verify</c>: qc's runtime against ONNX Runtime on the same inputs.</summary>
public sealed class PackageVerifyCommandTests
{
    [NativeOrtFact]
    public void Verify_CorrectPackage_PassesWithExactOutputs()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var model = PackageTestModel.WriteOnnx(dir.Path);
        var (exit, stdout, stderr) = CliRunner.Run("verify", package, "--against", model, "--random-inputs", "--seed", "3", "--samples", "4", "--threads", "2");
        exit.ShouldBe(0, stderr);
        stderr.ShouldBeEmpty();
        stdout.ShouldStartWith($"verify {package} against {model}\n  qc: target {PackageTestModel.Target}, 2 threads; ONNX Runtime: 2 intra-op threads\n");
        stdout.ShouldContain("  inputs: random (seed 3, 4 samples); threshold: SQNR >= 60 dB\n");
        stdout.ShouldContain("  output  type          max abs  max rel  SQNR dB  cosine    verdict\n  y       f32[1,3,4,4]  0        0        inf      1.000000  ok\n");
        stdout.ShouldEndWith("passed: 1 of 1 output at or above 60 dB\n");
    }

    [NativeOrtFact]
    public void Verify_WrongKernel_FailsWithTheExpectedMetrics()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path, wrong: true);
        var model = PackageTestModel.WriteOnnx(dir.Path);
        var x = PackageTestModel.X(5);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", x);
        var (exit, stdout, stderr) = CliRunner.Run("verify", package, "--against", model, "--input", input, "--json");
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC7307: output 'y' differs from ONNX Runtime: SQNR ");
        stderr.ShouldContain(" dB is below the threshold of 60 dB");

        // The same statistics computed here from their definitions (specs/cli.md).
        var w = PackageTestModel.W;
        var expected = PackageTestModel.Reference(x).Select(v => (double)v).ToArray();
        var got = x.Select((v, i) => (double)Math.Max(v - w[i], 0f)).ToArray();
        var diff = got.Zip(expected, (g, e) => Math.Abs(g - e)).ToArray();
        var sqnr = 10 * Math.Log10(expected.Sum(e => e * e) / diff.Sum(d => d * d));
        var cosine = got.Zip(expected, (g, e) => g * e).Sum() / Math.Sqrt(got.Sum(g => g * g) * expected.Sum(e => e * e));
        var floor = 1e-6 * expected.Max(Math.Abs);
        var maxRel = diff.Select((d, i) => d / Math.Max(Math.Abs(expected[i]), floor)).Max();

        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("passed").GetBoolean().ShouldBeFalse();
        doc.RootElement.GetProperty("thresholdDb").GetDouble().ShouldBe(60);
        var y = doc.RootElement.GetProperty("outputs").EnumerateArray().Single();
        y.GetProperty("name").GetString().ShouldBe("y");
        y.GetProperty("elements").GetInt64().ShouldBe(PackageTestModel.N);
        y.GetProperty("maxAbsError").GetDouble().ShouldBe(diff.Max(), 1e-12);
        y.GetProperty("maxRelError").GetDouble().ShouldBe(maxRel, 1e-9 * maxRel);
        y.GetProperty("sqnrDb").GetDouble().ShouldBe(sqnr, 1e-9);
        y.GetProperty("cosine").GetDouble().ShouldBe(cosine, 1e-12);
        y.GetProperty("passed").GetBoolean().ShouldBeFalse();
        sqnr.ShouldBeLessThan(60);
    }

    [NativeOrtFact]
    public void Verify_LowThreshold_PassesAWrongPackage()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path, wrong: true);
        var model = PackageTestModel.WriteOnnx(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", PackageTestModel.X(5));
        var (exit, stdout, stderr) = CliRunner.Run("verify", package, "--against", model, "--input", input, "--tolerance-sqnr", "-20");
        exit.ShouldBe(0, stderr);
        stdout.ShouldEndWith("passed: 1 of 1 output at or above -20 dB\n");
    }

    [NativeOrtFact]
    public void Verify_JsonOfExactMatch_WritesInfinityAsText()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var model = PackageTestModel.WriteOnnx(dir.Path);
        var (exit, stdout, stderr) = CliRunner.Run("verify", package, "--against", model, "--json");
        exit.ShouldBe(0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("inputs").GetString().ShouldBe("random (seed 0, 1 sample)");
        var y = doc.RootElement.GetProperty("outputs")[0];
        y.GetProperty("sqnrDb").GetString().ShouldBe("inf");
        y.GetProperty("maxAbsError").GetDouble().ShouldBe(0);
        y.GetProperty("cosine").GetDouble().ShouldBe(1);
    }

    [NativeOrtFact]
    public void Verify_ModelWithOtherInputs_IsQC7306()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var model = PackageTestModel.WriteOnnx(dir.Path, inputName: "image");
        var (exit, stdout, stderr) = CliRunner.Run("verify", package, "--against", model);
        exit.ShouldBe(ExitCodes.InputErrors);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("error QC7306: the model has no input 'x' (the package's input is f32[1,3,4,4])");
        stderr.ShouldContain("error QC7306: the model has an input 'image' the package does not have");
    }

    [NativeOrtFact]
    public void Verify_MissingModel_IsQC3001()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var (exit, _, stderr) = CliRunner.Run("verify", package, "--against", dir.File("absent.onnx"));
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC3001: model file");
    }

    [NativeFact]
    public void Verify_SamplesWithFiles_IsQC1001()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", PackageTestModel.X(1));
        var (exit, _, stderr) = CliRunner.Run("verify", package, "--against", dir.File("m.onnx"), "-i", input, "--samples", "2");
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC1001: --samples needs --random-inputs");
    }

    [Fact]
    public void Verify_WithoutAgainst_IsAUsageError()
    {
        var (exit, _, stderr) = CliRunner.Run("verify", "model.qcpkg");
        exit.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("--against");
    }

    [Fact]
    public void Verify_CorruptPackage_IsQC70xx()
    {
        var path = Path.GetTempFileName();
        try
        {
            var (exit, _, stderr) = CliRunner.Run("verify", path, "--against", "model.onnx");
            exit.ShouldBe(ExitCodes.InputErrors);
            stderr.ShouldContain("error QC7002: truncated package");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
