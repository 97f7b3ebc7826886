using System.Text.Json;
using Qc.Testing;
using Shouldly;

namespace Qc.Cli.Tests;

/// <summary><c>qc bench</c>: that it runs and reports every field (timings themselves are never asserted).</summary>
public sealed class PackageBenchCommandTests
{
    [NativeOrtFact]
    public void Bench_AgainstOrt_PrintsBothRuntimesAndTheRatio()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var model = PackageTestModel.WriteOnnx(dir.Path);
        var (exit, stdout, stderr) = CliRunner.Run("bench", package, "--against", model, "--threads", "2", "--warmup", "1", "--iterations", "5");
        exit.ShouldBe(0, stderr);
        var lines = stdout.Split('\n');
        lines[0].ShouldBe($"bench {package}: target {PackageTestModel.Target}, 2 threads, 1 warm-up + 5 timed runs, inputs random (seed 0, 1 sample)");
        lines[1].ShouldBe($"  against {model} on ONNX Runtime, 2 intra-op threads");
        lines[2].ShouldMatch(@"^  runtime +median ms +p90 ms +mean ms +min ms +max ms$");
        lines[3].ShouldMatch(@"^  qc +(\d+\.\d{3,6} +){4}\d+\.\d{3,6}$");
        lines[4].ShouldMatch(@"^  onnxruntime +(\d+\.\d{3,6} +){4}\d+\.\d{3,6}$");
        lines[5].ShouldMatch(@"^ratio qc/ORT: median \d+\.\d\dx, p90 \d+\.\d\dx \(below 1: qc is faster\)$");
    }

    [NativeOrtFact]
    public void Bench_Json_HasEveryField()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var model = PackageTestModel.WriteOnnx(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", PackageTestModel.X(1));
        var (exit, stdout, stderr) = CliRunner.Run("bench", package, "--vs-onnx", model, "-i", input, "--warmup", "0", "--iterations", "4", "--json", "--profile");
        exit.ShouldBe(0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        root.GetProperty("threads").GetInt32().ShouldBe(1);
        root.GetProperty("iterations").GetInt32().ShouldBe(4);
        foreach (var runtime in new[] { "qc", "onnxruntime" })
        {
            var s = root.GetProperty(runtime);
            var (min, median, p90, max) = (s.GetProperty("minMs").GetDouble(), s.GetProperty("medianMs").GetDouble(), s.GetProperty("p90Ms").GetDouble(), s.GetProperty("maxMs").GetDouble());
            min.ShouldBeGreaterThan(0);
            median.ShouldBeInRange(min, p90);
            p90.ShouldBeLessThanOrEqualTo(max);
        }

        root.GetProperty("medianRatio").GetDouble().ShouldBe(root.GetProperty("qc").GetProperty("medianMs").GetDouble() / root.GetProperty("onnxruntime").GetProperty("medianMs").GetDouble(), 1e-12);
        var profile = root.GetProperty("profile").EnumerateArray().ToList();
        profile.Select(k => k.GetProperty("name").GetString()).ShouldBe(["add", "relu"]);
        profile.ShouldAllBe(k => k.GetProperty("calls").GetInt64() == 4);
    }

    [NativeFact]
    public void Bench_WithoutModel_SaysTheRatioIsNotMeasured()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var (exit, stdout, stderr) = CliRunner.Run("bench", package, "--warmup", "0", "--iterations", "2", "--profile");
        exit.ShouldBe(0, stderr);
        stdout.ShouldNotContain("onnxruntime");
        stdout.ShouldContain("ratio qc/ORT: not measured (pass --against model.onnx)\n");
        stdout.ShouldContain("profile: 2 runs, kernels ");
    }

    [NativeFact]
    public void Bench_BadCounts_AreQC1001()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        CliRunner.Run("bench", package, "--iterations", "0").Stderr.ShouldContain("error QC1001: --iterations must be at least 1, not 0");
        CliRunner.Run("bench", package, "--warmup", "-1").Stderr.ShouldContain("error QC1001: --warmup must be at least 0, not -1");
        CliRunner.Run("bench", package, "--threads", "0").Exit.ShouldBe(ExitCodes.InputErrors);
    }

    [NativeFact]
    public void Bench_WrongInput_IsReportedNotTimed()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var input = PackageTestModel.WriteNpy(dir.Path, "x.npy", new float[16], 1, 16);
        var (exit, stdout, stderr) = CliRunner.Run("bench", package, "-i", input);
        exit.ShouldBe(ExitCodes.InputErrors);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("error QC7303: input 'x' expects f32[1,3,4,4], got f32[1,16]");
    }
}
