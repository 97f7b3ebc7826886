using System.Diagnostics;
using System.Runtime.InteropServices;
using Qc.Codegen;
using Qc.Codegen.Llvm.Kernels;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using Xunit.Abstractions;
using static Qc.Lowering.Tests.TestGraph;

namespace Qc.Lowering.Tests;

/// <summary>Throughput of lowered Conv and Gemm/MatMul kernels compiled for the host's CPU (znver4 when it has AVX-512,
/// else x86-64-v3) against ONNX Runtime with one intra-op thread, in the same process: GFLOP/s and the qc/ORT time ratio
/// are printed (medians of interleaved repetitions), never asserted; the results must match ONNX Runtime.</summary>
/// <remarks>Set <c>QC_BENCH_DUMP</c> to a folder to keep each case's shared object there (for <c>objdump -d</c>).</remarks>
[Collection(nameof(KernelBenchmarks))]
public sealed class KernelBenchmarks(ITestOutputHelper output)
{
    private static readonly Dictionary<string, (Func<TestGraph, Value> Build, double Flops)> s_cases = new(StringComparer.Ordinal)
    {
        // Fashion-MNIST CNN's second conv: 32 → 64, 3×3, pad 1, at 14×14.
        ["conv3x3_32to64_14x14"] = (g => g.Op("Conv", [g.Input("x", 1, 32, 14, 14), g.Weight("w", 64, 32, 3, 3), g.Weight("b", 64)],
            IntList("pads", 1, 1, 1, 1)), 2.0 * 64 * 32 * 9 * 14 * 14),

        // PaddleOCR-like pointwise expansion: 96 → 576 at 12×48, with a fused HardSwish.
        ["conv1x1_96to576_12x48_hswish"] = (g => g.Op("HardSwish", [g.Op("Conv", [g.Input("x", 1, 96, 12, 48), g.Weight("w", 576, 96, 1, 1), g.Weight("b", 576)])]),
            2.0 * 576 * 96 * 12 * 48),

        // Depthwise 3×3, pad 1, 96 channels at 24×96.
        ["dwconv3x3_96_24x96"] = (g => g.Op("Conv", [g.Input("x", 1, 96, 24, 96), g.Weight("w", 96, 1, 3, 3), g.Weight("b", 96)],
            Int("group", 96), IntList("pads", 1, 1, 1, 1)), 2.0 * 96 * 9 * 24 * 96),

        // Depthwise 3×3 stride 2 (PaddleOCR's downsampling blocks): 96 channels, 24×96 → 12×48.
        ["dwconv3x3s2_96_24x96"] = (g => g.Op("Conv", [g.Input("x", 1, 96, 24, 96), g.Weight("w", 96, 1, 3, 3), g.Weight("b", 96)],
            Int("group", 96), IntList("pads", 1, 1, 1, 1), IntList("strides", 2, 2)), 2.0 * 96 * 9 * 12 * 48),

        // A classifier head: Gemm 576 → 64 at batch 1 (transB weights).
        ["gemm_1x576to64"] = (g => g.Op("Gemm", [g.Input("x", 1, 576), g.Weight("w", 64, 576), g.Weight("b", 64)], Int("transB", 1)),
            2.0 * 576 * 64),

        // MatMul 256×256×256 with constant B.
        ["matmul_256x256x256"] = (g => g.Op("MatMul", [g.Input("x", 256, 256), g.Weight("w", 256, 256)]), 2.0 * 256 * 256 * 256),
    };

    public static TheoryData<string> Cases() => [.. s_cases.Keys];

    [OrtTheory]
    [MemberData(nameof(Cases))]
    public void Throughput_IsPrinted_AndMatchesOnnxRuntime(string name)
    {
        TestEnvironment.RequireOrt();
        var (build, flops) = s_cases[name];
        var g = new TestGraph(7);
        var module = g.Build(build(g));
        var targetName = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "x86_64-linux-gnu:znver4" : "x86_64-linux-gnu:x86-64-v3";
        TargetName.TryParse(targetName, out var tn, out _).ShouldBeTrue();
        var target = tn!.ToDescriptor();
        var lowered = GraphLowering.Lower(module, LoweringOptions.ForVectorBits(target.VectorBits));
        lowered.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        var random = new Random(11);
        var inputs = module.Main.Parameters.ToDictionary(p => p.Name, p => RandomTensors.Uniform(random, p), StringComparer.Ordinal);
        using var session = OrtSession.Open(OnnxExporter.Export(module).ToBytes(), new OrtSessionOptions(IntraOpThreads: 1));
        var expected = session.Run(inputs);
        using var native = new NativeKernels(lowered.Module!, target, inputs);
        if (Environment.GetEnvironmentVariable("QC_BENCH_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            File.WriteAllBytes(Path.Combine(dump, name + ".so"), native.SharedObject);
            File.WriteAllText(Path.Combine(dump, name + ".kir"), KernelPrinter.Print(lowered.Module!));
        }

        native.Run();
        var outName = module.Main.Outputs[0].Name;
        Compare.Mismatch(native.Output(outName), expected[outName], rtol: 1e-4, atol: 1e-4).ShouldBeNull(name);

        // Interleaved repetitions: each times a batch of calls lasting about 20 ms; medians of 9.
        var qcBatch = Batch(native.Run);
        var ortBatch = Batch(() => session.Run(inputs));
        var qc = new List<double>();
        var ort = new List<double>();
        for (var rep = 0; rep < 9; rep++)
        {
            qc.Add(Time(native.Run, qcBatch));
            ort.Add(Time(() => session.Run(inputs), ortBatch));
        }

        var qcs = Median(qc);
        var orts = Median(ort);
        output.WriteLine(FormattableString.Invariant(
            $"{name,-30} {targetName}, 1 thread: qc {flops / qcs / 1e9,7:F2} GFLOP/s ({qcs * 1e6,8:F1} us), ORT {flops / orts / 1e9,7:F2} GFLOP/s ({orts * 1e6,8:F1} us), qc/ORT time {qcs / orts:F2}"));
    }

    private static int Batch(Action run)
    {
        var sw = Stopwatch.StartNew();
        var n = 0;
        while (sw.Elapsed.TotalMilliseconds < 20 || n < 2)
        {
            run();
            n++;
        }

        return n;
    }

    private static double Time(Action run, int n)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            run();
        }

        return sw.Elapsed.TotalSeconds / n;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}

/// <summary>Runs the benchmarks alone, not next to other test classes, so their timings are less disturbed.</summary>
[CollectionDefinition(nameof(KernelBenchmarks), DisableParallelization = true)]
public sealed class KernelBenchmarksCollection;
