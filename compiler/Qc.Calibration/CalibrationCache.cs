using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Qc.Calibration.Observers;
using Qc.Core.Diagnostics;

namespace Qc.Calibration;

/// <summary>Calibration statistics cached by content hash, one small deterministic JSON file per key.</summary>
/// <remarks>
/// <para>The key is the SHA-256 of: <see cref="FormatVersion"/>, the SHA-256 of the model bytes, the SHA-256 of the samples
/// used (element type, dims and bytes of every input tensor, in order), the sample count, batch size and seed, the observers'
/// canonical texts in order, and every tensor's name and channel axis in order. ONNX Runtime's version is not part of it:
/// bump <see cref="FormatVersion"/> when qc's statistics change meaning.</para>
/// <para>Files are written to a temporary name in the same folder and renamed, so a reader sees a whole file or none. A file
/// that does not parse, has another version or key, or disagrees with the request is reported (QC4107) and recomputed.</para>
/// </remarks>
public static class CalibrationCache
{
    /// <summary>The version of the statistics and of the file format; part of every key.</summary>
    public const int FormatVersion = 1;

    /// <summary>The environment variable naming the cache root; calibration uses its <c>calibration/</c> folder.</summary>
    public const string CacheVariable = "QC_CACHE_DIR";

    private const string FormatName = "qc-calibration";

    /// <summary>The default folder: <c>$QC_CACHE_DIR/calibration</c>, else <c>.qc-cache/calibration</c> under the current folder.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } root
            ? Path.Combine(root, "calibration")
            : Path.Combine(".qc-cache", "calibration");

    /// <summary>Computes the key (lowercase hex).</summary>
    internal static string Key(byte[] modelHash, byte[] dataHash, long samples, int batchSize, long? seed,
        IReadOnlyList<ObserverSpec> observers, IReadOnlyList<ObservedTensor> tensors)
    {
        var text = new StringBuilder()
            .Append(FormatName).Append(' ').Append(FormatVersion).Append('\n')
            .Append("model ").Append(Convert.ToHexStringLower(modelHash)).Append('\n')
            .Append("data ").Append(Convert.ToHexStringLower(dataHash)).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"samples {samples}\nbatch {batchSize}\nseed {seed?.ToString(CultureInfo.InvariantCulture) ?? "none"}\n");
        foreach (var o in observers)
        {
            text.Append("observer ").Append(o).Append('\n');
        }

        foreach (var t in tensors)
        {
            text.Append("tensor ").Append(t.Name.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(t.Name)
                .Append(" axis ").Append(t.ChannelAxis?.ToString(CultureInfo.InvariantCulture) ?? "default").Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The file of a key.</summary>
    internal static string PathOf(string directory, string key) => Path.Combine(directory, key + ".json");

    /// <summary>Writes the statistics as indented JSON (invariant, round-trip numbers), through a temporary file and a rename.</summary>
    /// <returns>False (with QC4109 reported) when the file cannot be written.</returns>
    internal static bool Save(string path, string key, long samples, ImmutableArray<TensorStatistics> tensors, DiagnosticBag bag)
    {
        var bytes = Serialize(key, samples, tensors);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(temp);
            bag.ReportCacheUnwritable(path, e.Message);
            return false;
        }
    }

    /// <summary>Reads a cache file; null (with QC4107 reported) when it is corrupt or does not match the request, null (silently)
    /// when it does not exist.</summary>
    internal static (ImmutableArray<TensorStatistics> Tensors, long Samples)? TryLoad(string path, string key,
        IReadOnlyList<ObserverSpec> observers, IReadOnlyList<ObservedTensor> expected, DiagnosticBag bag)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            Require(root.GetProperty("format").GetString() == FormatName, "not a calibration cache file");
            Require(root.GetProperty("version").GetInt32() == FormatVersion, "another format version");
            Require(root.GetProperty("key").GetString() == key, "the key inside does not match the file name");
            var samples = root.GetProperty("samples").GetInt64();
            var tensors = ImmutableArray.CreateBuilder<TensorStatistics>();
            foreach (var t in root.GetProperty("tensors").EnumerateArray())
            {
                tensors.Add(ReadTensor(t));
            }

            Require(tensors.Count == expected.Count, "another number of tensors");
            for (var i = 0; i < expected.Count; i++)
            {
                Require(tensors[i].Name == expected[i].Name, $"tensor {i} is not '{expected[i].Name}'");
                Require(tensors[i].Observers.Length == observers.Count, $"tensor '{expected[i].Name}' has another number of observers");
                for (var j = 0; j < observers.Count; j++)
                {
                    Require(tensors[i].Observers[j].Spec == observers[j], $"tensor '{expected[i].Name}' has another observer {j}");
                }
            }

            return (tensors.ToImmutable(), samples);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
            or IOException or UnauthorizedAccessException or ArgumentException or OverflowException)
        {
            bag.ReportCacheCorrupt(path, e.Message.Split('\n')[0]);
            return null;
        }
    }

    /// <summary>The JSON bytes of the statistics (deterministic: fixed member order, round-trip numbers, LF line ends).</summary>
    internal static byte[] Serialize(string key, long samples, ImmutableArray<TensorStatistics> tensors)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", FormatVersion);
            w.WriteString("key", key);
            w.WriteNumber("samples", samples);
            w.WriteStartArray("tensors");
            foreach (var t in tensors)
            {
                WriteTensor(w, t);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteTensor(Utf8JsonWriter w, TensorStatistics t)
    {
        w.WriteStartObject();
        w.WriteString("name", t.Name);
        w.WriteStartArray("sampleDims");
        foreach (var d in t.SampleDims)
        {
            w.WriteNumberValue(d);
        }

        w.WriteEndArray();
        w.WriteNumber("count", t.Count);
        w.WriteNumber("nonFinite", t.NonFinite);
        w.WriteNumber("min", t.Observed.Min);
        w.WriteNumber("max", t.Observed.Max);
        w.WriteStartArray("observers");
        foreach (var o in t.Observers)
        {
            w.WriteStartObject();
            w.WriteString("spec", o.Spec.ToString());
            w.WriteNumber("min", o.Range.Min);
            w.WriteNumber("max", o.Range.Max);
            if (o.Histogram is { } h)
            {
                w.WriteStartObject("histogram");
                w.WriteNumber("bins", h.Bins);
                w.WriteBoolean("magnitude", h.Magnitude);
                w.WriteNumber("low", h.Low);
                w.WriteNumber("high", h.High);
                w.WriteNumber("count", h.Count);
                w.WriteNumber("threshold", h.Threshold);
                w.WriteNumber("clippedFraction", h.ClippedFraction);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("moments");
        w.WriteNumber("axis", t.Moments.Axis);
        w.WriteNumber("countPerChannel", t.Moments.CountPerChannel);
        WriteDoubles(w, "mean", t.Moments.Mean);
        WriteDoubles(w, "meanSquare", t.Moments.MeanSquare);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteDoubles(Utf8JsonWriter w, string name, ImmutableArray<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static TensorStatistics ReadTensor(JsonElement t)
    {
        var observers = ImmutableArray.CreateBuilder<ObserverResult>();
        foreach (var o in t.GetProperty("observers").EnumerateArray())
        {
            var spec = ObserverSpec.Parse(o.GetProperty("spec").GetString() ?? "");
            HistogramSummary? histogram = null;
            if (o.TryGetProperty("histogram", out var h))
            {
                histogram = new HistogramSummary(h.GetProperty("bins").GetInt32(), h.GetProperty("magnitude").GetBoolean(),
                    h.GetProperty("low").GetDouble(), h.GetProperty("high").GetDouble(), h.GetProperty("count").GetInt64(),
                    h.GetProperty("threshold").GetDouble(), h.GetProperty("clippedFraction").GetDouble());
            }

            observers.Add(new ObserverResult(spec, Range(o), histogram));
        }

        var m = t.GetProperty("moments");
        var mean = m.GetProperty("mean").EnumerateArray().Select(e => e.GetDouble()).ToImmutableArray();
        var meanSquare = m.GetProperty("meanSquare").EnumerateArray().Select(e => e.GetDouble()).ToImmutableArray();
        Require(mean.Length == meanSquare.Length, "the moments have different lengths");
        return new TensorStatistics(
            t.GetProperty("name").GetString() ?? throw new FormatException("a tensor has no name"),
            [.. t.GetProperty("sampleDims").EnumerateArray().Select(e => e.GetInt64())],
            t.GetProperty("count").GetInt64(),
            t.GetProperty("nonFinite").GetInt64(),
            Range(t),
            observers.ToImmutable(),
            new ChannelMoments(m.GetProperty("axis").GetInt32(), m.GetProperty("countPerChannel").GetInt64(), mean, meanSquare));
    }

    private static CalibrationRange Range(JsonElement e) => new(e.GetProperty("min").GetSingle(), e.GetProperty("max").GetSingle());

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new FormatException(reason);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary file is left behind; it never has the name of a cache entry.
        }
    }
}
