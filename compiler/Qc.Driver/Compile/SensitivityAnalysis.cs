using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Qc.Compression;
using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Qc.Onnx.Export;

namespace Qc.Driver.Compile;

/// <summary>Measures <c>output_mse</c> and <c>output_kl</c> of every (layer, candidate): the model with only that layer's
/// weight replaced by its decoded compressed value (the fake-quant simulation), exported and run on ONNX Runtime over the
/// calibration subset, against the model before allocation. Results are cached by content hash.</summary>
internal static class SensitivityAnalysis
{
    private const int FormatVersion = 1;

    /// <summary>Fills <see cref="CompileLayer.Records"/>'s measured parts; returns false (reported) on ORT failures.</summary>
    /// <returns>Whether the values came from the cache.</returns>
    public static bool? Run(GraphModule work, IReadOnlyList<CompileLayer> layers, IReadOnlyList<Sample> subset, float[][][] reference,
        string baseHash, string cacheDir, DiagnosticBag bag, IProgress<CompileProgress>? progress)
    {
        var jobs = layers.SelectMany(l => l.Candidates.Select(c => (Layer: l, Codec: c))).ToList();
        var key = Key(baseHash, subset, jobs.Select(j => j.Layer.Name + "\t" + j.Codec.Name));
        var path = Path.Combine(cacheDir, "sensitivity", key + ".json");
        if (Read(path, jobs.Count) is { } cached)
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                jobs[i].Layer.Records.Add(Record(jobs[i].Codec, cached[i].Mse, cached[i].Kl));
            }

            return true;
        }

        var watch = Stopwatch.StartNew();
        var values = new List<(double Mse, double Kl)>();
        progress?.Report(new CompileProgress("sensitivity", 0, jobs.Count, TimeSpan.Zero));
        foreach (var (layer, codec) in jobs)
        {
            var op = CompileLayer.FindOp(work, layer.Name)!;
            if (!WeightLayer.TryCreate(op, bag, out var weight) || WeightCompressor.Compress(weight, codec, layer.Hessian, bag) is not { } compressed)
            {
                return null;
            }

            var original = weight.WeightData;
            weight.ReplaceWeight(work, compressed.Weight);
            var bytes = OnnxExporter.Export(work).ToBytes();
            WeightLayer.TryCreate(CompileLayer.FindOp(work, layer.Name)!, bag, out var swapped);
            swapped!.ReplaceWeight(work, original);
            if (Measure(bytes, subset, reference, bag) is not { } m)
            {
                return null;
            }

            values.Add(m);
            layer.Records.Add(Record(codec, m.Mse, m.Kl));
            progress?.Report(new CompileProgress("sensitivity", values.Count, jobs.Count, watch.Elapsed));
        }

        Write(path, key, values);
        return false;
    }

    /// <summary>Output MSE and mean KL of a model against reference outputs on the subset; null (reported) when ORT fails.</summary>
    public static (double Mse, double Kl)? Measure(byte[] model, IReadOnlyList<Sample> subset, float[][][] reference, DiagnosticBag bag)
    {
        try
        {
            using var runner = ModelRunner.Open(model);
            var metrics = new OutputMetrics();
            var batch = 0;
            runner.RunAll(subset, (samples, outputs) =>
            {
                metrics.Add(reference[batch++], outputs, samples.Count, []);
            });
            return (metrics.Mse, metrics.Metric("kl")!.Value.Value);
        }
        catch (Exception e) when (e is Qc.OnnxRuntime.OrtException or InvalidDataException)
        {
            bag.Error(CompileCodes.OrtFailed, Location.None, "ONNX Runtime failed on a compressed model: " + e.Message,
                "this is likely a bug in qc's export; run with --diagnostics json and report it");
            return null;
        }
    }

    /// <summary>Outputs of a model on the subset, per batch (the reference for <see cref="Measure"/>).</summary>
    public static float[][][] Outputs(byte[] model, IReadOnlyList<Sample> subset, Qc.OnnxRuntime.OrtOptimizationLevel level = Qc.OnnxRuntime.OrtOptimizationLevel.All)
    {
        using var runner = ModelRunner.Open(model, level);
        var result = new List<float[][]>();
        runner.RunAll(subset, (_, outputs) => result.Add(outputs));
        return [.. result];
    }

    private static CandidateRecord Record(LayerCodec codec, double mse, double kl) => new(codec.Name, 0, 0, mse, kl, null, 0);

    private static string Key(string baseHash, IReadOnlyList<Sample> subset, IEnumerable<string> jobs)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"qc-sensitivity {FormatVersion}\nmodel {baseHash}\nsamples {subset.Count}\n");
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var s in subset)
        {
            foreach (var t in s.Inputs)
            {
                sha.AppendData(Encoding.UTF8.GetBytes(string.Join(",", t.Dims) + ";"));
                sha.AppendData(t.Data.Span);
            }
        }

        text.Append("data ").Append(Convert.ToHexStringLower(sha.GetHashAndReset())).Append('\n');
        foreach (var j in jobs)
        {
            text.Append("job ").Append(j).Append('\n');
        }

        return CompileData.Hash(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static List<(double Mse, double Kl)>? Read(string path, int count)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var entries = doc.RootElement.GetProperty("entries");
            if (entries.GetArrayLength() != count)
            {
                return null;
            }

            return [.. entries.EnumerateArray().Select(e => (e.GetProperty("outputMse").GetDouble(), e.GetProperty("outputKl").GetDouble()))];
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Write(string path, string key, List<(double Mse, double Kl)> values)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("format", "qc-sensitivity");
                w.WriteNumber("version", FormatVersion);
                w.WriteString("key", key);
                w.WriteStartArray("entries");
                foreach (var (mse, kl) in values)
                {
                    w.WriteStartObject();
                    w.WriteNumber("outputMse", mse);
                    w.WriteNumber("outputKl", kl);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            OutputFiles.WriteAtomic(path, buffer.ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a cache that cannot be written only costs time on the next compile
        }
    }
}
