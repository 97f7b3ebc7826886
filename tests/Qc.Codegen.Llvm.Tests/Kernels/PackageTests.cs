using System.Diagnostics;
using Qc.Codegen.Llvm.Kernels;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Package;
using Qc.Runtime;
using Xunit.Abstractions;
using IrBufferKind = Qc.Ir.Kernel.BufferKind;
using PkgBufferKind = Qc.Package.BufferKind;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>A compiled module packaged with <see cref="PackageWriter"/> and run by <see cref="QcModel"/>; and the
/// matmul throughput figure (printed, not asserted).</summary>
public sealed class PackageTests(ITestOutputHelper output)
{
    [NativeFact(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    public void PackagedModule_RunByQcModel_MatchesInterpreter()
    {
        var module = SampleModules.Control(103);
        var code = KernelCompiler.Compile(module, KernelTestData.Target("x86_64-linux-gnu:x86-64-v3"));
        Assert.True(code.Succeeded, string.Join("\n", code.Diagnostics));
        var dir = Directory.CreateTempSubdirectory("qc-pkg-");
        try
        {
            var path = Path.Combine(dir.FullName, "control.qcpkg");
            Package(module, code).Write(path);
            var inputs = KernelTestData.Inputs(module, 3);
            var expected = KernelTestData.Interpret(module, inputs);
            using var model = QcModel.Load(path, new QcOptions { Threads = 2, CacheDirectory = dir.FullName });
            var result = model.Run(inputs.ToDictionary(kv => kv.Key, kv => Tensor(module.FindBuffer(kv.Key)!, kv.Value.Data.ToArray())));
            var actual = result.ToDictionary(kv => kv.Key, kv => TensorData.FromBytes(module.FindBuffer(kv.Key)!.ElementType, module.FindBuffer(kv.Key)!.Shape.AsSpan(), kv.Value.Data));
            KernelTestData.AssertEqual(expected, actual, _ => 0, "package");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>The manifest and sections of a one-target package: weights at 64-byte offsets in <c>weights.bin</c>,
    /// temps one after another in the arena (no reuse), kernels with their symbols and argument buffer ids.</summary>
    private static PackageWriter Package(KernelModule module, CompiledCode code)
    {
        var buffers = new List<ManifestBuffer>();
        var weights = new MemoryStream();
        long arena = 0;
        foreach (var b in module.Buffers)
        {
            var bytes = b.ElementCount * Math.Max(1, b.ElementType.BitWidth() / 8);
            long? offset = null;
            if (b.Kind == IrBufferKind.Weight)
            {
                offset = weights.Length;
                weights.Write(b.Data!.Data.Span);
                weights.Write(new byte[(64 - (weights.Length % 64)) % 64]);
            }
            else if (b.Kind == IrBufferKind.Temp)
            {
                offset = arena;
                arena += (bytes + 63) / 64 * 64;
            }

            var kind = b.Kind switch
            {
                IrBufferKind.Input => PkgBufferKind.Input,
                IrBufferKind.Output => PkgBufferKind.Output,
                IrBufferKind.Weight => PkgBufferKind.Weight,
                _ => PkgBufferKind.Arena,
            };
            buffers.Add(new ManifestBuffer(b.Id, b.Name, kind, DType(b), [.. b.Shape], bytes, offset));
        }

        ManifestTensor Interface(KernelBuffer b) => new(b.Name, DType(b), [.. b.Shape], b.Id);
        var section = SectionNames.CodeSection(code.Target.Name.ToString(), TargetKind.Cpu);
        var target = new ManifestTarget(code.Target.Name.ToString(), TargetKind.Cpu, section,
            [.. code.Kernels.Select(k => new ManifestKernel(k.Name, k.Symbol, [.. k.Args]))]);
        var manifest = new PackageManifest(PackageManifest.CurrentFormat, "0.1.0",
            [.. module.Buffers.Where(b => b.Kind == IrBufferKind.Input).Select(Interface)],
            [.. module.Buffers.Where(b => b.Kind == IrBufferKind.Output).Select(Interface)],
            arena, buffers, [target]);
        return new PackageWriter().AddManifest(manifest).Add(SectionNames.Weights, weights.ToArray()).Add(section, code.CodeBytes);
    }

    private static QcDType DType(KernelBuffer b) => QcDTypes.TryParse(b.ElementType == ElementType.Bool ? "bool" : b.ElementType.Name(), out var t)
        ? t : throw new InvalidOperationException($"no package dtype for {b.ElementType}");

    private static QcTensor Tensor(KernelBuffer b, byte[] data) => new(DType(b), [.. b.Shape], data);

    [NativeFact(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    public void Matmul256_Throughput_IsPrinted()
    {
        const int n = 256;
        var module = SampleModules.Matmul(n, n, n);
        var target = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "x86_64-linux-gnu:znver4" : "x86_64-linux-gnu:x86-64-v3";
        using var native = new NativeModule(module, target) { Threads = 1 };
        var inputs = KernelTestData.Inputs(module, 1, moderate: true);
        native.Run(inputs);
        var sw = Stopwatch.StartNew();
        var runs = 0;
        while (sw.ElapsedMilliseconds < 500 || runs < 3)
        {
            native.Run(inputs);
            runs++;
        }

        var nativeSeconds = sw.Elapsed.TotalSeconds / runs;
        sw.Restart();
        var expected = KernelTestData.Interpret(module, inputs);
        var interpreterSeconds = sw.Elapsed.TotalSeconds;
        KernelTestData.AssertEqual(expected, native.Run(inputs), _ => 0, "matmul 256");
        var flops = 2.0 * n * n * n;
        output.WriteLine($"matmul 256x256x256 f32, {target}, 1 thread: {flops / nativeSeconds / 1e9:F2} GFLOP/s compiled ({nativeSeconds * 1e3:F2} ms), " +
            $"{flops / interpreterSeconds / 1e9:F4} GFLOP/s interpreter ({interpreterSeconds * 1e3:F0} ms)");
    }
}
