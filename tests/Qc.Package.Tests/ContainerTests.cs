using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Shouldly;

namespace Qc.Package.Tests;

/// <summary>Writing and reading the container: round trip, determinism, layout and alignment.</summary>
public sealed class ContainerTests
{
    [Fact]
    public void RoundTrip_GivesBackEverySectionAndTheManifest()
    {
        var bytes = Samples.Bytes();
        using var p = QcPackage.FromBytes(bytes);
        p.Sections.Select(s => s.Name).ShouldBe(
        [
            "code/nvptx64-nvidia-cuda/sm_80.ptx", "code/x86_64-linux-gnu/x86-64-v3.so", "manifest.json", "plan.json",
            "provenance.json", "recipe.yaml", "weights.bin",
        ]);
        p.ReadSection(SectionNames.Weights).ShouldBe(Samples.Weights());
        p.ReadSection("code/x86_64-linux-gnu/x86-64-v3.so").ShouldBe(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        Encoding.UTF8.GetString(p.GetSpan(SectionNames.Recipe)).ShouldBe("qc: 1\nmodel: m.onnx\n");
        ManifestJson.Serialize(p.Manifest).ShouldBe(ManifestJson.Serialize(Samples.Manifest()));
        p.Provenance.ShouldBe(Samples.Provenance());
        p.Length.ShouldBe(bytes.Length);
        foreach (var s in p.Sections)
        {
            s.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(p.GetSpan(s.Name))));
        }
    }

    [Fact]
    public void Sections_AreAligned_WeightsToAPage()
    {
        using var p = QcPackage.FromBytes(Samples.Bytes());
        foreach (var s in p.Sections)
        {
            (s.Offset % s.Alignment).ShouldBe(0);
            s.Alignment.ShouldBe(s.Name == SectionNames.Weights ? 4096 : 64);
        }
    }

    [Fact]
    public void Writer_IsDeterministic_RegardlessOfAddOrder()
    {
        var a = Samples.Bytes();
        Samples.Bytes().ShouldBe(a);
        var reordered = new PackageWriter()
            .AddProvenance(Samples.Provenance())
            .Add(SectionNames.Plan, "{}\n"u8.ToArray())
            .Add(SectionNames.Recipe, "qc: 1\nmodel: m.onnx\n"u8.ToArray())
            .Add("code/nvptx64-nvidia-cuda/sm_80.ptx", Encoding.UTF8.GetBytes("// ptx\n.version 7.0\n"))
            .Add("code/x86_64-linux-gnu/x86-64-v3.so", Enumerable.Range(0, 300).Select(i => (byte)i).ToArray())
            .Add(SectionNames.Weights, Samples.Weights())
            .AddManifest(Samples.Manifest())
            .ToArray();
        reordered.ShouldBe(a);
    }

    [Fact]
    public void Header_HasTheDocumentedLayout()
    {
        var b = Samples.Bytes();
        Encoding.ASCII.GetString(b, 0, 5).ShouldBe("QCPKG");
        b.AsSpan(5, 3).ToArray().ShouldBe(new byte[] { 0x0D, 0x0A, 0x1A });
        BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8)).ShouldBe(1u);
        BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12)).ShouldBe(7u);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(16)).ShouldBe(b.Length);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(24)).ShouldBe(64 + (7 * 256) + 32);
        var tableEnd = 64 + (7 * 256);
        SHA256.HashData(b.AsSpan(0, tableEnd)).ShouldBe(b.AsSpan(tableEnd, 32).ToArray());
        Encoding.ASCII.GetString(b, 64, 34).ShouldBe("code/nvptx64-nvidia-cuda/sm_80.ptx");
    }

    [Fact]
    public void Write_GoesThroughATempFile_AndOpenMapsTheResult()
    {
        var dir = Directory.CreateTempSubdirectory("qc-pkg-");
        try
        {
            var path = Path.Combine(dir.FullName, "m.qcpkg");
            Samples.Writer().Write(path);
            Samples.Writer().Write(path); // overwrite through rename
            Directory.GetFiles(dir.FullName).ShouldBe([path]);
            File.ReadAllBytes(path).ShouldBe(Samples.Bytes());
            using var p = QcPackage.Open(path);
            p.FilePath.ShouldBe(path);
            var ptr = p.GetPointer(SectionNames.Weights);
            (ptr % 4096).ShouldBe(0);
            unsafe
            {
                new ReadOnlySpan<byte>((void*)ptr, 69).ToArray().ShouldBe(Samples.Weights());
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Open_MissingFile_IsAnIoError()
    {
        var e = Should.Throw<PackageException>(() => QcPackage.Open("/nonexistent/dir/m.qcpkg"));
        e.Code.ShouldBe(PackageErrorCode.Io);
        e.Message.ShouldStartWith("QC7001: cannot open");
    }

    [Fact]
    public void Write_IntoAMissingFolder_IsAnIoError()
    {
        var e = Should.Throw<PackageException>(() => Samples.Writer().Write("/nonexistent/dir/m.qcpkg"));
        e.Code.ShouldBe(PackageErrorCode.Io);
    }

    [Fact]
    public void Open_EmptyAndTinyFiles_AreTruncated()
    {
        var dir = Directory.CreateTempSubdirectory("qc-pkg-");
        try
        {
            foreach (var n in new[] { 0, 3, 8, 40 })
            {
                var path = Path.Combine(dir.FullName, $"t{n}.qcpkg");
                File.WriteAllBytes(path, Samples.Bytes()[..n]);
                Should.Throw<PackageException>(() => QcPackage.Open(path)).Code.ShouldBe(PackageErrorCode.Truncated);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Writer_RejectsBadNames_Duplicates_AndAMissingManifest()
    {
        Should.Throw<PackageException>(() => new PackageWriter().Add("../evil", [1])).Code.ShouldBe(PackageErrorCode.InvalidWrite);
        Should.Throw<PackageException>(() => new PackageWriter().Add("a b", [1])).Code.ShouldBe(PackageErrorCode.InvalidWrite);
        Should.Throw<PackageException>(() => new PackageWriter().Add(new string('x', 192), [1])).Code.ShouldBe(PackageErrorCode.InvalidWrite);
        Should.Throw<PackageException>(() => new PackageWriter().Add("a", [1]).Add("a", [2])).Code.ShouldBe(PackageErrorCode.InvalidWrite);
        Should.Throw<PackageException>(() => new PackageWriter().Add("a", [1]).ToArray()).Code.ShouldBe(PackageErrorCode.InvalidWrite);
    }

    [Fact]
    public void Writer_ValidatesTheManifestAgainstTheSections()
    {
        // No code section for the CPU target.
        var w = new PackageWriter().AddManifest(Samples.Manifest()).Add(SectionNames.Weights, Samples.Weights())
            .Add("code/nvptx64-nvidia-cuda/sm_80.ptx", [1]);
        var e = Should.Throw<PackageException>(() => w.ToArray());
        e.Code.ShouldBe(PackageErrorCode.MissingSection);
        e.Section.ShouldBe("code/x86_64-linux-gnu/x86-64-v3.so");

        // Weights past the end of weights.bin.
        var w2 = new PackageWriter().AddManifest(Samples.Manifest()).Add(SectionNames.Weights, new byte[40])
            .Add("code/nvptx64-nvidia-cuda/sm_80.ptx", [1]).Add("code/x86_64-linux-gnu/x86-64-v3.so", [1]);
        var e2 = Should.Throw<PackageException>(() => w2.ToArray());
        e2.Code.ShouldBe(PackageErrorCode.ManifestInvalid);
        e2.Message.ShouldContain("'buffers[4].offset'");

        // No weights.bin at all.
        var w3 = new PackageWriter().AddManifest(Samples.Manifest())
            .Add("code/nvptx64-nvidia-cuda/sm_80.ptx", [1]).Add("code/x86_64-linux-gnu/x86-64-v3.so", [1]);
        Should.Throw<PackageException>(() => w3.ToArray()).Code.ShouldBe(PackageErrorCode.MissingSection);
    }

    [Fact]
    public void EmptySections_AreAllowed()
    {
        var m = Samples.Manifest() with
        {
            Buffers = [.. Samples.Manifest().Buffers.Where(b => b.Kind != BufferKind.Weight)
                .Select(b => b with { Id = b.Id switch { 2 => 1, 3 => 2, _ => b.Id } })],
            Outputs = [new ManifestTensor("y", QcDType.F32, [2, 3], 2)],
            Targets = [new ManifestTarget("x86_64-linux-gnu:x86-64", TargetKind.Cpu, "code/x86_64-linux-gnu/x86-64.so", [])],
        };
        var bytes = new PackageWriter().AddManifest(m).Add("code/x86_64-linux-gnu/x86-64.so", []).Add("empty", []).ToArray();
        using var p = QcPackage.FromBytes(bytes);
        p.GetSpan("empty").Length.ShouldBe(0);
        p.HasSection(SectionNames.Weights).ShouldBeFalse();
        p.Provenance.ShouldBeNull();
    }

    [Fact]
    public void CodeSectionName_FollowsTheTargetName()
    {
        SectionNames.CodeSection("x86_64-linux-gnu:znver4", TargetKind.Cpu).ShouldBe("code/x86_64-linux-gnu/znver4.so");
        SectionNames.CodeSection("nvptx64-nvidia-cuda:sm_80", TargetKind.Cuda).ShouldBe("code/nvptx64-nvidia-cuda/sm_80.ptx");
        SectionNames.CodeSection("x86_64-linux-gnu:znver4:-avx512f", TargetKind.Cpu).ShouldBe("code/x86_64-linux-gnu/znver4:-avx512f.so");
        SectionNames.IsValid(SectionNames.CodeSection("x86_64-linux-gnu:znver3+avx512f,-avx2", TargetKind.Cpu)).ShouldBeTrue();
    }
}
