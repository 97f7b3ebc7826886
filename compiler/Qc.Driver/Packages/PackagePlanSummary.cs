using System.Text.Json;

namespace Qc.Driver.Packages;

/// <summary>What <c>qc inspect</c> says about a package's <c>plan.json</c>: its size and, when it is a plan as
/// <c>qc plan --json</c> writes it, the number of layers and how many got each weight format.</summary>
/// <param name="Bytes">The section's size.</param>
/// <param name="Layers">The number of planned layers, or null when the section is not a plan qc understands.</param>
/// <param name="Formats">Per weight format (the layer's <c>weights</c> text), the layer count, sorted by format.</param>
public sealed record PackagePlanSummary(long Bytes, int? Layers, IReadOnlyList<KeyValuePair<string, int>> Formats)
{
    /// <summary>Reads the summary from the section's bytes; never throws.</summary>
    public static PackagePlanSummary Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("layers", out var layers)
                || layers.ValueKind != JsonValueKind.Array)
            {
                return new PackagePlanSummary(json.Length, null, []);
            }

            var formats = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var layer in layers.EnumerateArray())
            {
                var format = layer.ValueKind == JsonValueKind.Object && layer.TryGetProperty("weights", out var w) && w.ValueKind == JsonValueKind.String
                    ? w.GetString()!
                    : "?";
                formats[format] = formats.GetValueOrDefault(format) + 1;
            }

            return new PackagePlanSummary(json.Length, layers.GetArrayLength(), [.. formats]);
        }
        catch (JsonException)
        {
            return new PackagePlanSummary(json.Length, null, []);
        }
    }
}
