using System.Text;

namespace Qc.Package.Tests;

/// <summary>A small valid package: one input, one weight, one arena buffer, one output; a CPU and a CUDA target.</summary>
internal static class Samples
{
    public static PackageManifest Manifest() => new(
        Format: 1,
        QcVersion: "0.1.0-test",
        Inputs: [new ManifestTensor("x", QcDType.F32, [2, 3], 0)],
        Outputs: [new ManifestTensor("y", QcDType.F32, [2, 3], 3)],
        ArenaBytes: 128,
        Buffers:
        [
            new ManifestBuffer(0, "x", BufferKind.Input, QcDType.F32, [2, 3], 24),
            new ManifestBuffer(1, "w", BufferKind.Weight, QcDType.F32, [3], 12, Offset: 0),
            new ManifestBuffer(2, "t", BufferKind.Arena, QcDType.F32, [2, 3], 24, Offset: 64),
            new ManifestBuffer(3, "y", BufferKind.Output, QcDType.F32, [2, 3], 24),
            new ManifestBuffer(4, "b", BufferKind.Weight, QcDType.I8, [5], 5, Offset: 64),
        ],
        Targets:
        [
            new ManifestTarget("x86_64-linux-gnu:x86-64-v3", TargetKind.Cpu, "code/x86_64-linux-gnu/x86-64-v3.so",
                [new ManifestKernel("add", "qc_add", [0, 1, 2]), new ManifestKernel("relu", "qc_relu", [2, 3])]),
            new ManifestTarget("nvptx64-nvidia-cuda:sm_80", TargetKind.Cuda, "code/nvptx64-nvidia-cuda/sm_80.ptx",
                [new ManifestKernel("add", "qc_add", [0, 1, 2], [1, 1, 1], [64, 1, 1], 0)]),
        ]);

    public static byte[] Weights()
    {
        var w = new byte[69];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (byte)(i * 7);
        }

        return w;
    }

    public static PackageProvenance Provenance() => new("0.1.0-test", new string('a', 64), new string('b', 64), new string('c', 64));

    public static PackageWriter Writer(PackageManifest? manifest = null)
    {
        var w = new PackageWriter()
            .AddManifest(manifest ?? Manifest())
            .Add(SectionNames.Weights, Weights())
            .Add("code/x86_64-linux-gnu/x86-64-v3.so", Enumerable.Range(0, 300).Select(i => (byte)i).ToArray())
            .Add("code/nvptx64-nvidia-cuda/sm_80.ptx", Encoding.UTF8.GetBytes("// ptx\n.version 7.0\n"))
            .Add(SectionNames.Recipe, "qc: 1\nmodel: m.onnx\n"u8.ToArray())
            .Add(SectionNames.Plan, "{}\n"u8.ToArray())
            .AddProvenance(Provenance());
        return w;
    }

    public static byte[] Bytes() => Writer().ToArray();

    /// <summary>Opens bytes and returns the error code, or null when they are valid; any other exception fails the test.</summary>
    public static PackageErrorCode? Check(byte[] bytes)
    {
        try
        {
            using var p = QcPackage.FromBytes(bytes);
            return null;
        }
        catch (PackageException e)
        {
            return e.Code;
        }
    }
}
