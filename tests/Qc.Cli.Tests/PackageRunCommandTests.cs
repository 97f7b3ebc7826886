using System.Text.Json;
using Qc.Core.Tensors;
using Qc.Testing;
using Shouldly;

namespace Qc.Cli.Tests;

/// <summary><c>qc run</c> on a real package: outputs, bindings, profile, and every input mistake as a diagnostic.</summary>
public sealed class PackageRunCommandTests
{
    [NativeFact]
    public void Run_InputFile_WritesOutputMatchingReference()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var x = PackageTestModel.X(1);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", x);
        var (exit, stdout, stderr) = CliRunner.Run("run", package, "--input", "x=" + input, "-o", dir.File("out"), "--threads", "2");
        exit.ShouldBe(0, stderr);
        stderr.ShouldBeEmpty();
        stdout.ShouldStartWith($"target {PackageTestModel.Target}, 2 threads, inputs files x={input}\n");
        stdout.ShouldContain($"y: f32[1,3,4,4] -> {Path.Combine(dir.File("out"), "y.npy")}  (min 0, max ");
        var y = NpyFormat.Read(dir.File("out/y.npy"));
        y.Dims.ShouldBe([1L, 3, 4, 4]);
        y.ToArray<float>().ShouldBe(PackageTestModel.Reference(x));
    }

    [NativeFact]
    public void Run_PositionalInputAndOutputFile_AreBoundInOrder()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var x = PackageTestModel.X(2);
        var input = PackageTestModel.WriteNpy(dir.Path, "in.npy", x);
        var (exit, stdout, stderr) = CliRunner.Run("run", package, "-i", input, "--output", dir.File("result.npy"));
        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("y: f32[1,3,4,4] -> " + dir.File("result.npy"));
        NpyFormat.Read(dir.File("result.npy")).ToArray<float>().ShouldBe(PackageTestModel.Reference(x));
        Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order().ShouldBe(["in.npy", "model.qcpkg", "result.npy"]);
    }

    [NativeFact]
    public void Run_RandomInputs_AreSeededAndProfilePrintsEveryKernel()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var first = CliRunner.Run("run", package, "--random-inputs", "--seed", "7", "--output", "y=" + dir.File("a.npy"), "--profile");
        first.Exit.ShouldBe(0, first.Stderr);
        first.Stdout.ShouldContain("inputs random (seed 7, 1 sample)");
        first.Stdout.ShouldContain("profile: 1 run, kernels ");
        var kernelLines = first.Stdout.Split('\n').Where(l => l.Contains("qc_add", StringComparison.Ordinal) || l.Contains("qc_relu", StringComparison.Ordinal)).ToList();
        kernelLines.Count.ShouldBe(2);
        kernelLines[0].ShouldStartWith("  0  add ");
        kernelLines[1].ShouldStartWith("  1  relu");

        CliRunner.Run("run", package, "--random-inputs", "--seed", "7", "--output", dir.File("b.npy")).Exit.ShouldBe(0);
        CliRunner.Run("run", package, "--random-inputs", "--seed", "8", "--output", dir.File("c.npy")).Exit.ShouldBe(0);
        var a = File.ReadAllBytes(dir.File("a.npy"));
        File.ReadAllBytes(dir.File("b.npy")).ShouldBe(a);
        File.ReadAllBytes(dir.File("c.npy")).ShouldNotBe(a);
    }

    [NativeFact]
    public void Run_WrongShape_IsQC7303WithBothTypes()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", new float[36], 1, 3, 4, 3);
        var (exit, stdout, stderr) = CliRunner.Run("run", package, "--input", input, "-o", dir.File("out"));
        exit.ShouldBe(ExitCodes.InputErrors);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("error QC7303: input 'x' expects f32[1,3,4,4], got f32[1,3,4,3]");
        stderr.ShouldNotContain("   at ");
        Directory.Exists(dir.File("out")).ShouldBeFalse();
    }

    [NativeFact]
    public void Run_WrongDType_IsQC7304()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = dir.File("x.npy");
        NpyFormat.Write(input, TensorData.Create<double>(PackageTestModel.Shape, new double[PackageTestModel.N]));
        var (exit, _, stderr) = CliRunner.Run("run", package, "--input", "x=" + input);
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC7304: input 'x' expects f32[1,3,4,4], got f64[1,3,4,4]");
    }

    [NativeFact]
    public void Run_UnknownAndMissingInputs_AreReportedTogether()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", PackageTestModel.X(1));
        var (exit, _, stderr) = CliRunner.Run("run", package, "--input", "image=" + input);
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC7301: the package has no input 'image'");
        stderr.ShouldContain("hint: its inputs are 'x' f32[1,3,4,4]");
        stderr.ShouldContain("error QC7302: missing input 'x' f32[1,3,4,4]");
    }

    [NativeFact]
    public void Run_TooManyOrDuplicateInputs_AreQC7302()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", PackageTestModel.X(1));
        CliRunner.Run("run", package, "-i", input, "-i", input).Stderr.ShouldContain("error QC7302: the package has 1 input, more files were given");
        CliRunner.Run("run", package, "-i", "x=" + input, "-i", "x=" + input).Stderr.ShouldContain("error QC7302: input 'x' is given twice");
    }

    [NativeFact]
    public void Run_UnreadableInputFile_IsQC7104()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        File.WriteAllText(dir.File("bad.npy"), "not numpy");
        var (exit, _, stderr) = CliRunner.Run("run", package, "-i", dir.File("bad.npy"));
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC7104: cannot read input 'x'");
        CliRunner.Run("run", package, "-i", dir.File("absent.npy")).Stderr.ShouldContain("error QC7104");
    }

    [NativeFact]
    public void Run_UnknownOutput_IsQC7305()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var (exit, _, stderr) = CliRunner.Run("run", package, "--random-inputs", "--output", "z=" + dir.File("z.npy"));
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC7305: the package has no output 'z'");
        stderr.ShouldContain("hint: its outputs are 'y' f32[1,3,4,4]");
        File.Exists(dir.File("z.npy")).ShouldBeFalse();
    }

    [NativeFact]
    public void Run_UnwritableOutput_IsQC7107()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        File.WriteAllText(dir.File("file"), "");
        var (exit, _, stderr) = CliRunner.Run("run", package, "--random-inputs", "--output", dir.File("file/y.npy"));
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC7107: cannot write output");
    }

    [NativeFact]
    public void Run_UnknownTarget_IsQC7201ListingTheTargets()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var (exit, _, stderr) = CliRunner.Run("run", package, "--random-inputs", "--target", "aarch64-linux-gnu:neoverse-n1");
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain($"error QC7201: target 'aarch64-linux-gnu:neoverse-n1' is not in the package (it has: {PackageTestModel.Target})");
    }

    [NativeFact]
    public void Run_CorruptPackage_IsQC7010()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var bytes = File.ReadAllBytes(package);
        bytes[^1] ^= 0x01; // the last section is weights.bin
        File.WriteAllBytes(package, bytes);
        var (exit, stdout, stderr) = CliRunner.Run("run", package, "--random-inputs");
        exit.ShouldBe(ExitCodes.InputErrors);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("error QC7010: hash mismatch for section 'weights.bin': the package is corrupt");
        stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public void Run_MissingPackage_IsQC7001()
    {
        var (exit, _, stderr) = CliRunner.Run("run", "/nonexistent/model.qcpkg", "--random-inputs");
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("/nonexistent/model.qcpkg: error QC7001: cannot open");
    }

    [NativeFact]
    public void Run_BadArguments_AreQC1001()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", PackageTestModel.X(1));
        CliRunner.Run("run", package, "--random-inputs", "-i", input).Stderr.ShouldContain("error QC1001: --random-inputs and --input exclude each other");
        CliRunner.Run("run", package, "--random-inputs", "--threads", "0").Stderr.ShouldContain("error QC1001: --threads must be at least 1, not 0");
        CliRunner.Run("run", package, "--random-inputs", "--threads", "many").Exit.ShouldBe(ExitCodes.Usage);
    }

    [NativeFact]
    public void Run_JsonDiagnostics_AreWellFormed()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", new float[3], 3);
        var (exit, _, stderr) = CliRunner.Run("run", package, "-i", input, "--diagnostics", "json");
        exit.ShouldBe(ExitCodes.InputErrors);
        using var doc = JsonDocument.Parse(stderr);
        var d = doc.RootElement.EnumerateArray().Single();
        d.GetProperty("code").GetString().ShouldBe("QC7303");
        d.GetProperty("message").GetString().ShouldBe("input 'x' expects f32[1,3,4,4], got f32[3]");
        d.GetProperty("file").GetString().ShouldBe(input);
    }
}
