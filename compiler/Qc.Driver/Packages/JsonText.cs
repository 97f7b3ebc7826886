using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Qc.Driver.Packages;

/// <summary>Deterministic JSON output of the package commands: two-space indentation, LF newlines, a final newline,
/// no escaping beyond what JSON requires.</summary>
internal static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static void WriteShape(Utf8JsonWriter w, string name, IEnumerable<long> shape)
    {
        w.WriteStartArray(name);
        foreach (var d in shape)
        {
            w.WriteNumberValue(d);
        }

        w.WriteEndArray();
    }

    /// <summary>A finite number as a JSON number; infinities and NaN as the strings <c>"inf"</c>, <c>"-inf"</c>, <c>"nan"</c>.</summary>
    public static void WriteMetric(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteString(name, MetricText(value));
        }
    }

    /// <summary>The text of a non-finite metric: <c>inf</c>, <c>-inf</c> or <c>nan</c>.</summary>
    public static string MetricText(double value) => double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
}
