using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Qc.Package;
using Qc.Runtime;

namespace Qc.GpuCheck;

/// <summary><c>qc-gpu-check [--runs N] PACKAGE...</c>: for each package, runs its first CUDA target and its first CPU target
/// on the same seeded random inputs, compares every output (max |gpu − cpu|, SQNR) and times both (median of N runs).
/// Exit 0 when every output is at least 60 dB, 1 when one is below or a run fails, 2 when no CUDA device is usable (the
/// CPU targets still run then, which checks the published build itself).</summary>
internal static class Program
{
    private const double ThresholdDb = 60;

    private static int Main(string[] args)
    {
        var runs = 20;
        var packages = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                runs = n;
                i++;
            }
            else
            {
                packages.Add(args[i]);
            }
        }

        if (packages.Count == 0)
        {
            Console.Error.WriteLine("usage: qc-gpu-check [--runs N] PACKAGE.qcpkg...");
            return 2;
        }

        var cuda = QcModel.IsCudaAvailable(out var reason);
        if (!cuda)
        {
            Console.Error.WriteLine("no usable CUDA device: " + reason + " (the CPU targets still run, as a check of this build)");
        }

        var failed = false;
        foreach (var path in packages)
        {
            try
            {
                failed |= !Check(path, runs, cuda);
            }
            catch (Exception e) when (e is QcRuntimeException or PackageException or IOException)
            {
                Console.WriteLine($"{Path.GetFileName(path)}: FAILED: {e.Message}");
                failed = true;
            }
        }

        return failed ? 1 : cuda ? 0 : 2;
    }

    private static bool Check(string path, int runs, bool cuda)
    {
        using var probe = QcPackage.Open(path);
        var gpuTarget = probe.Manifest.Targets.FirstOrDefault(t => t.Kind == TargetKind.Cuda)
            ?? throw new IOException("the package has no CUDA target");
        var cpuTarget = probe.Manifest.Targets.FirstOrDefault(t => t.Kind == TargetKind.Cpu)
            ?? throw new IOException("the package has no CPU target to compare with");
        using var cpu = QcModel.Load(path, new QcOptions { Target = cpuTarget.Name });
        var inputs = cpu.Inputs.ToDictionary(t => t.Name, t => RandomTensor(t, new Random(t.Name.Length)), StringComparer.Ordinal);
        var expected = cpu.Run(inputs);
        if (!cuda)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {cpuTarget.Name} ({cpu.Threads} threads) median of {runs} runs {Median(cpu, inputs, runs):F3} ms; {gpuTarget.Name} not run"));
            return true;
        }

        using var gpu = QcModel.Load(path, new QcOptions { Target = gpuTarget.Name });
        var got = gpu.Run(inputs);
        var ok = true;
        foreach (var o in gpu.Outputs)
        {
            var (maxAbs, sqnr) = Compare(ToDoubles(got[o.Name]), ToDoubles(expected[o.Name]));
            var pass = sqnr >= ThresholdDb;
            ok &= pass;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {gpuTarget.Name} vs {cpuTarget.Name}: output '{o.Name}' max |diff| {maxAbs:G3}, SQNR {sqnr:F1} dB {(pass ? "ok" : "FAIL")}"));
        }

        var gpuMs = Median(gpu, inputs, runs);
        var cpuMs = Median(cpu, inputs, runs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(path)}: median of {runs} runs: {gpuTarget.Name} {gpuMs:F3} ms, {cpuTarget.Name} ({cpu.Threads} threads) {cpuMs:F3} ms"));
        return ok;
    }

    private static double Median(QcModel model, IReadOnlyDictionary<string, QcTensor> inputs, int runs)
    {
        model.Run(inputs);
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            model.Run(inputs);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
    }

    /// <summary>Floats uniform in [-1, 1), integers in [0, 10), booleans 0/1.</summary>
    private static QcTensor RandomTensor(ManifestTensor t, Random random)
    {
        var count = (int)QcDTypes.ElementCount(t.Shape);
        var data = new byte[count * QcDTypes.SizeOf(t.DType)];
        for (var i = 0; i < count; i++)
        {
            var f = (random.NextDouble() * 2) - 1;
            var k = random.Next(10);
            switch (t.DType)
            {
                case QcDType.F32: MemoryMarshal.Write(data.AsSpan(i * 4), (float)f); break;
                case QcDType.F64: MemoryMarshal.Write(data.AsSpan(i * 8), f); break;
                case QcDType.F16: MemoryMarshal.Write(data.AsSpan(i * 2), (Half)f); break;
                case QcDType.BF16: MemoryMarshal.Write(data.AsSpan(i * 2), (ushort)(BitConverter.SingleToUInt32Bits((float)f) >> 16)); break;
                case QcDType.I8 or QcDType.U8: data[i] = (byte)k; break;
                case QcDType.Bool: data[i] = (byte)(k & 1); break;
                case QcDType.I16: MemoryMarshal.Write(data.AsSpan(i * 2), (short)k); break;
                case QcDType.I32: MemoryMarshal.Write(data.AsSpan(i * 4), k); break;
                case QcDType.I64: MemoryMarshal.Write(data.AsSpan(i * 8), (long)k); break;
            }
        }

        return new QcTensor(t.DType, t.Shape, data);
    }

    private static double[] ToDoubles(QcTensor t)
    {
        var d = t.Data;
        var size = QcDTypes.SizeOf(t.DType);
        var values = new double[d.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var s = d.AsSpan(i * size);
            values[i] = t.DType switch
            {
                QcDType.F32 => MemoryMarshal.Read<float>(s),
                QcDType.F64 => MemoryMarshal.Read<double>(s),
                QcDType.F16 => (double)MemoryMarshal.Read<Half>(s),
                QcDType.BF16 => BitConverter.UInt32BitsToSingle((uint)MemoryMarshal.Read<ushort>(s) << 16),
                QcDType.I8 => (sbyte)s[0],
                QcDType.U8 or QcDType.Bool => s[0],
                QcDType.I16 => MemoryMarshal.Read<short>(s),
                QcDType.I32 => MemoryMarshal.Read<int>(s),
                _ => MemoryMarshal.Read<long>(s),
            };
        }

        return values;
    }

    private static (double MaxAbs, double SqnrDb) Compare(double[] got, double[] expected)
    {
        double signal = 0, noise = 0, maxAbs = 0;
        for (var i = 0; i < got.Length; i++)
        {
            var d = Math.Abs(got[i] - expected[i]);
            if (double.IsNaN(d))
            {
                return (double.NaN, double.NegativeInfinity);
            }

            maxAbs = Math.Max(maxAbs, d);
            signal += expected[i] * expected[i];
            noise += d * d;
        }

        return (maxAbs, noise == 0 ? double.PositiveInfinity : signal == 0 ? double.NegativeInfinity : 10 * Math.Log10(signal / noise));
    }
}
