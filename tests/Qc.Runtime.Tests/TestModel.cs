using System.Runtime.InteropServices;
using Qc.Codegen.Llvm;
using Qc.Package;

namespace Qc.Runtime.Tests;

/// <summary>A fact that needs a CUDA driver and device; skipped with the reason otherwise (also in CI, which has no GPU).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CudaFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public CudaFactAttribute() => Skip = QcModel.IsCudaAvailable(out var reason) ? null : "no CUDA GPU: " + reason;
}

/// <summary>The test model: <c>t = x + w</c> (parallel), <c>y = max(t · w2, 0)</c> (sequential), <c>chunks[i] = begin of the
/// chunk that computed i</c> (parallel), as a real shared object in a real package.</summary>
internal static class TestModel
{
    public const int N = 1001;
    public const string X86 = "x86_64-linux-gnu:x86-64";
    public const string X86Code = "code/x86_64-linux-gnu/x86-64.so";

    private static readonly Lazy<byte[]> s_library = new(() => Library());

    /// <summary>The shared object with the three kernels (cached per process).</summary>
    public static byte[] SharedObject => s_library.Value;

    /// <summary>A shared object built by <paramref name="build"/> (for broken variants).</summary>
    public static byte[] Library(int abiVersion = 1, bool withAbi = true) => TestKernels.SharedObject(X86, m =>
    {
        if (withAbi)
        {
            TestKernels.AddAbiVersion(m, abiVersion);
        }

        TestKernels.AddElementwise(m, "qc_add", N, parallel: true, TestKernels.Binary((b, x, y) => b.FAdd(x, y)));
        TestKernels.AddElementwise(m, "qc_mul_relu", N, parallel: false, TestKernels.Binary((b, x, y) =>
        {
            var v = b.FMul(x, y);
            return b.Select(b.FCmp(RealPredicate.Ogt, v, b.ConstF32(0f)), v, b.ConstF32(0f));
        }));
        TestKernels.AddElementwise(m, "qc_chunks", N, parallel: true, TestKernels.ChunkStart);
    });

    public static float[] X(int seed = 1) => Values(seed, N);

    public static float[] W => Values(100, N);

    public static float[] W2 => Values(200, N);

    public static float[] Values(int seed, int count)
    {
        var state = (uint)seed;
        var v = new float[count];
        for (var i = 0; i < count; i++)
        {
            state = (state * 1664525u) + 1013904223u;
            v[i] = (((state >> 8) & 0xFFFF) / 4096f) - 8f;
        }

        return v;
    }

    /// <summary>The C# reference of <c>y</c>.</summary>
    public static float[] Reference(float[] x)
    {
        var (w, w2) = (W, W2);
        var y = new float[N];
        for (var i = 0; i < N; i++)
        {
            var t = x[i] + w[i];
            var v = t * w2[i];
            y[i] = v > 0f ? v : 0f;
        }

        return y;
    }

    public static long W2Offset => ((N * 4) + 63) / 64 * 64;

    public static PackageManifest Manifest(string symbolOfAdd = "qc_add", IEnumerable<ManifestTarget>? extraTargets = null) => new(
        Format: 1,
        QcVersion: "test",
        Inputs: [new ManifestTensor("x", QcDType.F32, [1, N], 0)],
        Outputs: [new ManifestTensor("y", QcDType.F32, [1, N], 4), new ManifestTensor("chunks", QcDType.I64, [N], 5)],
        ArenaBytes: W2Offset + 64,
        Buffers:
        [
            new ManifestBuffer(0, "x", BufferKind.Input, QcDType.F32, [1, N], N * 4),
            new ManifestBuffer(1, "w", BufferKind.Weight, QcDType.F32, [N], N * 4, Offset: 0),
            new ManifestBuffer(2, "t", BufferKind.Arena, QcDType.F32, [N], N * 4, Offset: 64),
            new ManifestBuffer(3, "w2", BufferKind.Weight, QcDType.F32, [N], N * 4, Offset: W2Offset),
            new ManifestBuffer(4, "y", BufferKind.Output, QcDType.F32, [1, N], N * 4),
            new ManifestBuffer(5, "chunks", BufferKind.Output, QcDType.I64, [N], N * 8),
        ],
        Targets:
        [
            .. extraTargets ?? [],
            new ManifestTarget(X86, TargetKind.Cpu, X86Code,
            [
                new ManifestKernel("add", symbolOfAdd, [0, 1, 2]),
                new ManifestKernel("mul_relu", "qc_mul_relu", [2, 3, 4]),
                new ManifestKernel("chunks", "qc_chunks", [5]),
            ]),
        ]);

    public static byte[] Weights()
    {
        var bytes = new byte[W2Offset + (N * 4)];
        MemoryMarshal.AsBytes(W.AsSpan()).CopyTo(bytes);
        MemoryMarshal.AsBytes(W2.AsSpan()).CopyTo(bytes.AsSpan((int)W2Offset));
        return bytes;
    }

    /// <summary>Writes the package into <paramref name="dir"/> and returns its path.</summary>
    public static string Write(string dir, PackageManifest? manifest = null, byte[]? code = null, IEnumerable<(string Name, byte[] Data)>? extra = null, string file = "model.qcpkg")
    {
        var w = new PackageWriter().AddManifest(manifest ?? Manifest()).Add(SectionNames.Weights, Weights()).Add(X86Code, code ?? SharedObject);
        foreach (var (name, data) in extra ?? [])
        {
            w.Add(name, data);
        }

        var path = Path.Combine(dir, file);
        w.Write(path);
        return path;
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("qc-rt-").FullName;

    public string Path { get; }

    public string Cache => System.IO.Path.Combine(Path, "cache");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
