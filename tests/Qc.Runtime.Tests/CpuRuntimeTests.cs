using Qc.Package;
using Qc.Testing;
using Shouldly;

namespace Qc.Runtime.Tests;

/// <summary>A real shared object in a real package: load, run with 1..4 threads, compare with C#, and every error path.</summary>
public sealed class CpuRuntimeTests
{
    private static Dictionary<string, QcTensor> Inputs(float[] x) => new() { ["x"] = QcTensor.From<float>(x, 1, TestModel.N) };

    [NativeFact]
    public void Run_MatchesCSharp_WithOneToFourThreads()
    {
        using var dir = new TempDir();
        var path = TestModel.Write(dir.Path);
        foreach (var threads in new[] { 1, 2, 3, 4 })
        {
            using var model = QcModel.Load(path, new QcOptions { Threads = threads, CacheDirectory = dir.Cache });
            model.Target.Name.ShouldBe(TestModel.X86);
            model.Threads.ShouldBe(threads);
            for (var seed = 1; seed <= 3; seed++) // the arena is reused across runs
            {
                var x = TestModel.X(seed);
                var outputs = model.Run(Inputs(x));
                outputs.Keys.ShouldBe(["y", "chunks"]);
                outputs["y"].DType.ShouldBe(QcDType.F32);
                outputs["y"].Shape.ShouldBe([1L, TestModel.N]);
                outputs["y"].ToArray<float>().ShouldBe(TestModel.Reference(x));
            }
        }
    }

    [NativeFact]
    public void ParallelFor_SplitsIntoContiguousDeterministicChunks()
    {
        using var dir = new TempDir();
        var path = TestModel.Write(dir.Path);
        foreach (var threads in new[] { 1, 2, 3, 7 })
        {
            using var model = QcModel.Load(path, new QcOptions { Threads = threads, CacheDirectory = dir.Cache });
            var chunks = model.Run(Inputs(TestModel.X()))["chunks"].ToArray<long>();
            var expected = new long[TestModel.N];
            var n = threads == 1 ? 1 : Math.Min(threads * QcThreadPool.ChunksPerThread, TestModel.N);
            for (var c = 0; c < n; c++)
            {
                var (begin, end) = QcThreadPool.Chunk(TestModel.N, n, c);
                begin.ShouldBe((long)TestModel.N * c / n);
                Array.Fill(expected, begin, (int)begin, (int)(end - begin));
            }

            chunks.ShouldBe(expected, $"{threads} threads");
        }
    }

    [NativeFact]
    public void SpanOverload_WritesIntoCallerMemory()
    {
        using var dir = new TempDir();
        using var model = QcModel.Load(TestModel.Write(dir.Path), new QcOptions { Threads = 2, CacheDirectory = dir.Cache });
        var x = TestModel.X(5);
        var xBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).ToArray();
        var yBytes = new byte[TestModel.N * 4];
        model.Run([xBytes], [yBytes, new byte[TestModel.N * 8]]);
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(yBytes).ToArray().ShouldBe(TestModel.Reference(x));

        Should.Throw<QcRuntimeException>(() => model.Run([xBytes[..^4]], [yBytes, new byte[TestModel.N * 8]])).Code.ShouldBe(QcRuntimeErrorCode.ShapeMismatch);
        Should.Throw<QcRuntimeException>(() => model.Run([xBytes], [yBytes, new byte[8]])).Code.ShouldBe(QcRuntimeErrorCode.OutputMismatch);
        Should.Throw<QcRuntimeException>(() => model.Run([], [yBytes, new byte[8]])).Code.ShouldBe(QcRuntimeErrorCode.InputMismatch);
        Should.Throw<QcRuntimeException>(() => model.Run([xBytes], [yBytes])).Code.ShouldBe(QcRuntimeErrorCode.OutputMismatch);
    }

    [NativeFact]
    public void WrongInputs_HaveClearMessages()
    {
        using var dir = new TempDir();
        using var model = QcModel.Load(TestModel.Write(dir.Path), new QcOptions { Threads = 1, CacheDirectory = dir.Cache });
        var shape = Should.Throw<QcRuntimeException>(() => model.Run(new Dictionary<string, QcTensor> { ["x"] = QcTensor.From<float>(TestModel.X(), TestModel.N) }));
        shape.Code.ShouldBe(QcRuntimeErrorCode.ShapeMismatch);
        shape.Message.ShouldBe("QC7207: input 'x' has shape [1001], the model expects [1, 1001]");

        var dtype = Should.Throw<QcRuntimeException>(() => model.Run(new Dictionary<string, QcTensor> { ["x"] = QcTensor.Zeros(QcDType.F16, [1, TestModel.N]) }));
        dtype.Code.ShouldBe(QcRuntimeErrorCode.DTypeMismatch);
        dtype.Message.ShouldBe("QC7208: input 'x' is f16, the model expects f32");

        var missing = Should.Throw<QcRuntimeException>(() => model.Run(new Dictionary<string, QcTensor>()));
        missing.Code.ShouldBe(QcRuntimeErrorCode.InputMismatch);
        missing.Message.ShouldBe("QC7206: missing input 'x' (f32 [1, 1001])");

        var unknown = Should.Throw<QcRuntimeException>(() => model.Run(new Dictionary<string, QcTensor> { ["x"] = QcTensor.Zeros(QcDType.F32, [1, TestModel.N]), ["z"] = QcTensor.Zeros(QcDType.F32, [1]) }));
        unknown.Code.ShouldBe(QcRuntimeErrorCode.InputMismatch);
        unknown.Message.ShouldBe("QC7206: unknown input 'z' (the model's inputs: 'x' f32 [1, 1001])");
    }

    [NativeFact]
    public void MissingKernelSymbol_FailsAtLoad()
    {
        using var dir = new TempDir();
        var path = TestModel.Write(dir.Path, TestModel.Manifest(symbolOfAdd: "qc_nope"));
        var e = Should.Throw<QcRuntimeException>(() => QcModel.Load(path, new QcOptions { CacheDirectory = dir.Cache }));
        e.Code.ShouldBe(QcRuntimeErrorCode.MissingSymbol);
        e.Message.ShouldBe($"QC7204: kernel 'add': symbol 'qc_nope' is not exported by the code of target '{TestModel.X86}' ({TestModel.X86Code})");
    }

    [NativeFact]
    public void AbiVersion_IsChecked()
    {
        using var dir = new TempDir();
        var other = Should.Throw<QcRuntimeException>(() => QcModel.Load(TestModel.Write(dir.Path, code: TestModel.Library(abiVersion: 2)), new QcOptions { CacheDirectory = dir.Cache }));
        other.Code.ShouldBe(QcRuntimeErrorCode.AbiMismatch);
        other.Message.ShouldContain("native ABI 2; this runtime implements 1");

        var none = Should.Throw<QcRuntimeException>(() => QcModel.Load(TestModel.Write(dir.Path, code: TestModel.Library(withAbi: false), file: "b.qcpkg"), new QcOptions { CacheDirectory = dir.Cache }));
        none.Code.ShouldBe(QcRuntimeErrorCode.MissingSymbol);
        none.Message.ShouldContain("'qc_abi_version'");
    }

    [NativeFact]
    public void NotASharedObject_IsALoadError()
    {
        using var dir = new TempDir();
        var e = Should.Throw<QcRuntimeException>(() => QcModel.Load(TestModel.Write(dir.Path, code: "not an ELF file"u8.ToArray()), new QcOptions { CacheDirectory = dir.Cache }));
        e.Code.ShouldBe(QcRuntimeErrorCode.LibraryLoad);
    }

    [NativeFact]
    public void TamperedPackage_FailsToLoad_WithTheSpecificError()
    {
        using var dir = new TempDir();
        var path = TestModel.Write(dir.Path);
        var bytes = File.ReadAllBytes(path);
        using var package = QcPackage.FromBytes(bytes);
        var code = package.GetSection(TestModel.X86Code);

        var tampered = (byte[])bytes.Clone();
        tampered[code.Offset + 100] ^= 0xFF;
        File.WriteAllBytes(path, tampered);
        var e = Should.Throw<PackageException>(() => QcModel.Load(path, new QcOptions { CacheDirectory = dir.Cache }));
        e.Code.ShouldBe(PackageErrorCode.SectionHashMismatch);
        e.Section.ShouldBe(TestModel.X86Code);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Should.Throw<PackageException>(() => QcModel.Load(path)).Code.ShouldBe(PackageErrorCode.Truncated);
        Directory.Exists(dir.Cache).ShouldBeFalse(); // nothing was extracted from a damaged package
    }

    [NativeFact]
    public void Profile_CountsEveryKernelCall()
    {
        using var dir = new TempDir();
        using var model = QcModel.Load(TestModel.Write(dir.Path), new QcOptions { Threads = 2, Profile = true, CacheDirectory = dir.Cache });
        for (var i = 0; i < 3; i++)
        {
            _ = model.Run(Inputs(TestModel.X()));
        }

        var profile = model.Profile;
        profile.Runs.ShouldBe(3);
        profile.Kernels.Select(k => (k.Index, k.Name, k.Symbol, k.Calls)).ShouldBe([(0, "add", "qc_add", 3L), (1, "mul_relu", "qc_mul_relu", 3L), (2, "chunks", "qc_chunks", 3L)]);
        profile.Kernels.ShouldAllBe(k => k.Total > TimeSpan.Zero);
        model.ResetProfile();
        model.Profile.Runs.ShouldBe(0);
        model.Profile.Total.ShouldBe(TimeSpan.Zero);

        using var plain = QcModel.Load(TestModel.Write(dir.Path, file: "p.qcpkg"), new QcOptions { CacheDirectory = dir.Cache });
        _ = plain.Run(Inputs(TestModel.X()));
        plain.Profile.Kernels.ShouldBeEmpty();
    }

    [NativeFact]
    public void Code_IsExtractedOnce_ToTheCacheByHash_AndRepairedWhenDamaged()
    {
        using var dir = new TempDir();
        var path = TestModel.Write(dir.Path);
        using (var m = QcModel.Load(path, new QcOptions { Threads = 1, CacheDirectory = dir.Cache }))
        {
            _ = m.Run(Inputs(TestModel.X()));
        }

        using var package = QcPackage.Open(path);
        var cached = Path.Combine(dir.Cache, package.GetSection(TestModel.X86Code).Sha256 + ".so");
        Directory.GetFiles(dir.Cache).ShouldBe([cached]);
        File.ReadAllBytes(cached).ShouldBe(TestModel.SharedObject);

        File.WriteAllBytes(cached, [1, 2, 3]); // damaged cache entry: replaced, not loaded
        using (var m = QcModel.Load(path, new QcOptions { Threads = 1, CacheDirectory = dir.Cache }))
        {
            m.Run(Inputs(TestModel.X(9)))["y"].ToArray<float>().ShouldBe(TestModel.Reference(TestModel.X(9)));
        }

        File.ReadAllBytes(cached).ShouldBe(TestModel.SharedObject);
    }

    [NativeFact]
    public void TargetSelection_PicksARunnableCpuTarget_AndExplainsRefusals()
    {
        using var dir = new TempDir();
        var arm = new ManifestTarget("aarch64-linux-gnu:neoverse-n1", TargetKind.Cpu, "code/aarch64-linux-gnu/neoverse-n1.so", []);
        var gpu = new ManifestTarget("nvptx64-nvidia-cuda:sm_80", TargetKind.Cuda, "code/nvptx64-nvidia-cuda/sm_80.ptx", []);
        var path = TestModel.Write(dir.Path, TestModel.Manifest(extraTargets: [arm, gpu]),
            extra: [("code/aarch64-linux-gnu/neoverse-n1.so", [0x7F, 0x45]), ("code/nvptx64-nvidia-cuda/sm_80.ptx", "// no kernels\n"u8.ToArray())]);

        using (var m = QcModel.Load(path, new QcOptions { CacheDirectory = dir.Cache }))
        {
            m.Target.Name.ShouldBe(TestModel.X86); // the arm target is listed first but cannot run here
        }

        var wrongArch = Should.Throw<QcRuntimeException>(() => QcModel.Load(path, new QcOptions { Target = arm.Name, CacheDirectory = dir.Cache }));
        wrongArch.Code.ShouldBe(QcRuntimeErrorCode.TargetNotRunnable);
        wrongArch.Message.ShouldBe("QC7202: target 'aarch64-linux-gnu:neoverse-n1' cannot run on this host: it is for aarch64, this host is x86_64");

        var unknown = Should.Throw<QcRuntimeException>(() => QcModel.Load(path, new QcOptions { Target = "x86_64-linux-gnu:znver4", CacheDirectory = dir.Cache }));
        unknown.Code.ShouldBe(QcRuntimeErrorCode.NoTarget);
        unknown.Message.ShouldBe($"QC7201: target 'x86_64-linux-gnu:znver4' is not in the package (it has: {arm.Name}, {gpu.Name}, {TestModel.X86})");

        if (!QcModel.IsCudaAvailable(out _))
        {
            Should.Throw<QcRuntimeException>(() => QcModel.Load(path, new QcOptions { Target = gpu.Name })).Code.ShouldBe(QcRuntimeErrorCode.CudaUnavailable);
        }

        var onlyArm = TestModel.Manifest() with { Targets = [arm] };
        var armOnly = new PackageWriter().AddManifest(onlyArm).Add(SectionNames.Weights, TestModel.Weights()).Add(arm.Code, [1]);
        var armPath = Path.Combine(dir.Path, "arm.qcpkg");
        armOnly.Write(armPath);
        var none = Should.Throw<QcRuntimeException>(() => QcModel.Load(armPath));
        none.Code.ShouldBe(QcRuntimeErrorCode.NoTarget);
        none.Message.ShouldBe("QC7201: no target in the package runs on this x86_64 host: 'aarch64-linux-gnu:neoverse-n1': it is for aarch64, this host is x86_64");
    }

    [NativeFact]
    public void Weights_AreUsedInPlace_FromTheReadOnlyMapping()
    {
        using var dir = new TempDir();
        using var model = QcModel.Load(TestModel.Write(dir.Path), new QcOptions { Threads = 1, CacheDirectory = dir.Cache });
        var weights = model.Package.GetPointer(SectionNames.Weights);
        (weights % 4096).ShouldBe(0);
        model.Package.FilePath.ShouldNotBeNull();
        model.Manifest.Buffers[3].Offset.ShouldBe(TestModel.W2Offset);
    }
}
