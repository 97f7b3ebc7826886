using System.Security.Cryptography;
using System.Text.Json;
using Qc.Package;
using Qc.Testing;
using Shouldly;

namespace Qc.Cli.Tests;

/// <summary><c>qc inspect</c>: what it lists, that its text and JSON are deterministic, and damaged packages.</summary>
public sealed class PackageInspectCommandTests
{
    [NativeFact]
    public void Inspect_Text_ListsTargetsKernelsMemoryPlanSectionsAndProvenance()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var (exit, stdout, stderr) = CliRunner.Run("inspect", package);
        exit.ShouldBe(0, stderr);
        var lines = stdout.Split('\n');
        lines[0].ShouldBe($"package {package}: {new FileInfo(package).Length} bytes, container format 1, manifest format 1, written by qc test");
        stdout.ShouldContain("inputs:\n  x  f32[1,3,4,4]  buffer 0  192 B\n");
        stdout.ShouldContain("outputs:\n  y  f32[1,3,4,4]  buffer 3  192 B\n");
        using var pkg = QcPackage.Open(package);
        var code = pkg.GetSection(PackageTestModel.Code);
        stdout.ShouldContain($"  {PackageTestModel.Target}  cpu  {PackageTestModel.Code}  {code.Length} B  2 kernels\n");
        stdout.ShouldContain("    #  kernel  symbol   args\n    0  add     qc_add   0 1 2\n    1  relu    qc_relu  2 3\n");
        stdout.ShouldContain("weights: 1 tensor, 192 B in weights.bin (192 B section)\n");
        stdout.ShouldContain("memory plan: arena 192 B, 1 temporary\n  buffer  name  type          bytes  range\n  2       t     f32[1,3,4,4]  192    [0, 192)\n");
        stdout.ShouldContain("  1   w     weight  f32[1,3,4,4]  192    0\n");
        foreach (var s in pkg.Sections)
        {
            lines.ShouldContain(l => l.StartsWith("  " + s.Name + " ", StringComparison.Ordinal) && l.EndsWith(" " + s.Sha256, StringComparison.Ordinal), s.Name);
        }

        stdout.ShouldContain($"provenance: qc test\n  model sha256        {new string('a', 64)}\n  recipe sha256       {new string('b', 64)}\n  calibration sha256  none\n");
        stdout.ShouldEndWith("plan: 1 layer (fp32 1)\n");
    }

    [NativeFact]
    public void Inspect_WithoutOptionalSections_SaysNone()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path, withProvenance: false);
        var (exit, stdout, _) = CliRunner.Run("inspect", package);
        exit.ShouldBe(0);
        stdout.ShouldContain("provenance: none\n");
        stdout.ShouldEndWith("plan: none\n");
        using var doc = JsonDocument.Parse(CliRunner.Run("inspect", package, "--json").Stdout);
        doc.RootElement.GetProperty("provenance").ValueKind.ShouldBe(JsonValueKind.Null);
        doc.RootElement.GetProperty("plan").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [NativeFact]
    public void Inspect_Json_IsWellFormedAndMatchesThePackage()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var (exit, stdout, stderr) = CliRunner.Run("inspect", package, "--json");
        exit.ShouldBe(0, stderr);
        stdout.ShouldEndWith("}\n");
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        root.GetProperty("bytes").GetInt64().ShouldBe(new FileInfo(package).Length);
        root.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ShouldBe([1L, 3, 4, 4]);
        var target = root.GetProperty("targets").EnumerateArray().Single();
        target.GetProperty("name").GetString().ShouldBe(PackageTestModel.Target);
        target.GetProperty("kernels").EnumerateArray().Select(k => k.GetProperty("symbol").GetString()).ShouldBe(["qc_add", "qc_relu"]);
        root.GetProperty("memoryPlan").GetProperty("arenaBytes").GetInt64().ShouldBe(192);
        var temp = root.GetProperty("memoryPlan").GetProperty("temporaries").EnumerateArray().Single();
        (temp.GetProperty("name").GetString(), temp.GetProperty("offset").GetInt64(), temp.GetProperty("bytes").GetInt64()).ShouldBe(("t", 0L, 192L));
        root.GetProperty("weights").GetProperty("bytes").GetInt64().ShouldBe(192);
        root.GetProperty("plan").GetProperty("formats").GetProperty("fp32").GetInt32().ShouldBe(1);
        root.GetProperty("provenance").GetProperty("modelSha256").GetString().ShouldBe(new string('a', 64));

        var bytes = File.ReadAllBytes(package);
        var sections = root.GetProperty("sections").EnumerateArray().ToList();
        sections.Select(s => s.GetProperty("name").GetString()).ShouldBe(
            [PackageTestModel.Code, "manifest.json", "plan.json", "provenance.json", "recipe.yaml", "weights.bin"]);
        foreach (var s in sections)
        {
            var data = bytes.AsSpan((int)s.GetProperty("offset").GetInt64(), (int)s.GetProperty("bytes").GetInt64());
            s.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(data)));
        }
    }

    [NativeFact]
    public void Inspect_IsDeterministic()
    {
        using var a = new PackageTempDir();
        using var b = new PackageTempDir();
        var first = PackageTestModel.Write(a.Path);
        var second = PackageTestModel.Write(b.Path);
        foreach (var json in new[] { false, true })
        {
            string[] Args(string p) => json ? ["inspect", p, "--json"] : ["inspect", p];
            var x = CliRunner.Run(Args(first)).Stdout;
            CliRunner.Run(Args(first)).Stdout.ShouldBe(x);
            CliRunner.Run(Args(second)).Stdout.Replace(second, first, StringComparison.Ordinal).ShouldBe(x);
        }
    }

    [NativeFact]
    public void Inspect_DamagedPackage_IsItsQC70xxCode()
    {
        using var dir = new PackageTempDir();
        var package = PackageTestModel.Write(dir.Path);
        var good = File.ReadAllBytes(package);
        using var pkg = QcPackage.Open(package);
        var manifest = pkg.GetSection(SectionNames.Manifest);
        var cases = new (Func<byte[], byte[]> Damage, string Code)[]
        {
            (b => Flip(b, 0), "QC7003"),
            (b => b[..100], "QC7002"),
            (b => Flip(b, 70), "QC7005"),
            (b => Flip(b, (int)manifest.Offset + 10), "QC7010"),
            (b => [.. b, 0], "QC7012"),
        };
        foreach (var (damage, code) in cases)
        {
            File.WriteAllBytes(package, damage((byte[])good.Clone()));
            var (exit, stdout, stderr) = CliRunner.Run("inspect", package);
            exit.ShouldBe(ExitCodes.InputErrors, code);
            stdout.ShouldBeEmpty();
            stderr.ShouldStartWith($"{package}: error {code}: ");
            stderr.ShouldContain("hint: ");
            stderr.ShouldNotContain("   at ");
        }
    }

    [Fact]
    public void Inspect_MissingFile_IsQC7001()
    {
        var (exit, _, stderr) = CliRunner.Run("inspect", "/nonexistent/model.qcpkg");
        exit.ShouldBe(ExitCodes.InputErrors);
        stderr.ShouldContain("error QC7001");
    }

    [Fact]
    public void Inspect_NotAPackage_IsQC7003()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is a text file, long enough to have a header of sixty-four bytes or more");
            var (exit, _, stderr) = CliRunner.Run("inspect", path);
            exit.ShouldBe(ExitCodes.InputErrors);
            stderr.ShouldContain("error QC7003: not a qc package");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0x40;
        return bytes;
    }
}
