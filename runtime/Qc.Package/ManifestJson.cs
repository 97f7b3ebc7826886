using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Qc.Package;

/// <summary>Reads and writes <c>manifest.json</c> and <c>provenance.json</c>: deterministic UTF-8 JSON (two-space indent,
/// LF newlines, properties in declaration order, no BOM) and strict reading (unknown, duplicate or missing properties and
/// nulls where values are required are errors).</summary>
public static class ManifestJson
{
    private static readonly JsonSerializerOptions s_options = CreateOptions();

    /// <summary>The manifest as deterministic UTF-8 JSON with a final newline.</summary>
    public static byte[] Serialize(PackageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return WithNewline(JsonSerializer.SerializeToUtf8Bytes(manifest, TypeInfo<PackageManifest>()));
    }

    /// <summary>The provenance as deterministic UTF-8 JSON with a final newline.</summary>
    public static byte[] Serialize(PackageProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        return WithNewline(JsonSerializer.SerializeToUtf8Bytes(provenance, TypeInfo<PackageProvenance>()));
    }

    /// <summary>Parses and validates a manifest on its own (no section lengths: weight ranges and code sections are checked
    /// by <see cref="QcPackage"/>).</summary>
    /// <exception cref="PackageException"><see cref="PackageErrorCode.ManifestInvalid"/> naming the field.</exception>
    public static PackageManifest Deserialize(ReadOnlySpan<byte> utf8)
    {
        var manifest = Parse<PackageManifest>(utf8, PackageErrorCode.ManifestInvalid, "manifest", SectionNames.Manifest);
        ManifestValidator.Validate(manifest, sections: null);
        return manifest;
    }

    /// <summary>Parses and validates a provenance record.</summary>
    /// <exception cref="PackageException"><see cref="PackageErrorCode.ProvenanceInvalid"/> naming the field.</exception>
    public static PackageProvenance DeserializeProvenance(ReadOnlySpan<byte> utf8)
    {
        var p = Parse<PackageProvenance>(utf8, PackageErrorCode.ProvenanceInvalid, "provenance", SectionNames.Provenance);
        static PackageException Bad(string field, string what) =>
            new(PackageErrorCode.ProvenanceInvalid, $"provenance invalid: field '{field}': {what}", SectionNames.Provenance);
        if (string.IsNullOrEmpty(p.QcVersion))
        {
            throw Bad("qcVersion", "must not be empty");
        }

        if (!IsSha256(p.ModelSha256))
        {
            throw Bad("modelSha256", "must be 64 lowercase hex digits");
        }

        if (!IsSha256(p.RecipeSha256))
        {
            throw Bad("recipeSha256", "must be 64 lowercase hex digits");
        }

        if (p.CalibrationSha256 is not null && !IsSha256(p.CalibrationSha256))
        {
            throw Bad("calibrationSha256", "must be 64 lowercase hex digits");
        }

        return p;
    }

    /// <summary>True for 64 lowercase hexadecimal digits.</summary>
    public static bool IsSha256(string? text)
    {
        if (text is not { Length: 64 })
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    internal static T Parse<T>(ReadOnlySpan<byte> utf8, PackageErrorCode code, string what, string section)
        where T : class
    {
        try
        {
            if (!Utf8IsValid(utf8))
            {
                throw new PackageException(code, $"{what} invalid: not valid UTF-8", section);
            }

            return JsonSerializer.Deserialize(utf8, TypeInfo<T>())
                ?? throw new PackageException(code, $"{what} invalid: the document is null", section);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            throw new PackageException(code, $"{what} invalid: field '{path}': {FirstSentence(e.Message)}", section, e);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new PackageException(code, $"{what} invalid: {e.Message}", section, e);
        }
    }

    private static bool Utf8IsValid(ReadOnlySpan<byte> utf8)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetCharCount(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $.x | LineNumber: ..." — the path is reported separately.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)s_options.GetTypeInfo(typeof(T));

    private static byte[] WithNewline(byte[] json)
    {
        var result = new byte[json.Length + 1];
        json.CopyTo(result, 0);
        result[^1] = (byte)'\n';
        return result;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowDuplicateProperties = false,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 16,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new DTypeConverter());
        options.Converters.Add(new JsonStringEnumConverter<BufferKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<TargetKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.TypeInfoResolver = ManifestJsonContext.Default; // source-generated: no reflection, trimming- and AOT-safe
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Element types as their manifest names (<c>f32</c>, <c>bf16</c>).</summary>
    private sealed class DTypeConverter : JsonConverter<QcDType>
    {
        public override QcDType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("an element type must be a string");
            }

            var text = reader.GetString();
            return QcDTypes.TryParse(text, out var type)
                ? type
                : throw new JsonException($"unknown element type '{text}' (expected one of {string.Join(", ", QcDTypes.All.Select(QcDTypes.Name))})");
        }

        public override void Write(Utf8JsonWriter writer, QcDType value, JsonSerializerOptions options) =>
            writer.WriteStringValue(QcDTypes.Name(value));
    }
}

/// <summary>Source-generated serialization metadata for the manifest and provenance records.</summary>
[JsonSerializable(typeof(PackageManifest))]
[JsonSerializable(typeof(PackageProvenance))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
