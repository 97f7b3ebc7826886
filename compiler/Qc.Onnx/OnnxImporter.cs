using Google.Protobuf;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Qc.Onnx.Import;
using Qc.Onnx.Schemas;

namespace Qc.Onnx;

/// <summary>Imports an ONNX model (a serialized <c>ModelProto</c>) into a graph IR module.</summary>
/// <remarks>
/// Never throws for bad input: every problem with the file becomes a diagnostic (codes QC30xx-QC31xx, see
/// <see cref="OnnxDiagnosticCodes"/>), and an unexpected exception inside qc becomes QC9001. Reads IR versions 3-10 and
/// ai.onnx opsets 7-22 (older opsets with a warning); every op is upgraded to the semantics of its newest ONNX version,
/// with all attribute defaults written out. See specs/onnx-import.md.
/// </remarks>
public static class OnnxImporter
{
    /// <summary>The oldest supported IR version.</summary>
    public const int MinIrVersion = 3;

    /// <summary>The newest supported IR version.</summary>
    public const int MaxIrVersion = 10;

    /// <summary>The oldest ai.onnx opset imported without a warning.</summary>
    public const int MinOpset = 7;

    /// <summary>The newest supported ai.onnx opset.</summary>
    public const int MaxOpset = OnnxSchemaSet.MaxOpset;

    /// <summary>Reads and imports a model file. External tensor data is read relative to the model's folder.</summary>
    public static ImportResult Import(string path, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bag = new DiagnosticBag();
        GraphModule? module = null;
        try
        {
            if (Directory.Exists(path))
            {
                bag.ReportFileUnreadable(path, "it is a folder");
            }
            else if (!File.Exists(path))
            {
                bag.ReportFileNotFound(path);
            }
            else
            {
                byte[]? bytes = null;
                try
                {
                    bytes = File.ReadAllBytes(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    bag.ReportFileUnreadable(path, e.Message);
                }

                if (bytes is not null)
                {
                    module = ImportCore(bytes, path, Path.GetDirectoryName(Path.GetFullPath(path)), options, bag);
                }
            }
        }
        catch (Exception e)
        {
            bag.ReportInternalError(path, e);
            module = null;
        }

        return new ImportResult(module, [.. bag]);
    }

    /// <summary>Imports a model held in memory.</summary>
    /// <param name="model">The serialized <c>ModelProto</c>.</param>
    /// <param name="displayPath">The name used in diagnostics and locations.</param>
    /// <param name="baseDirectory">The folder external data is relative to, or null to reject external data.</param>
    /// <param name="options">Import options.</param>
    public static ImportResult Import(ReadOnlyMemory<byte> model, string displayPath, string? baseDirectory, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(displayPath);
        var bag = new DiagnosticBag();
        GraphModule? module;
        try
        {
            module = ImportCore(model, displayPath, baseDirectory, options, bag);
        }
        catch (Exception e)
        {
            bag.ReportInternalError(displayPath, e);
            module = null;
        }

        return new ImportResult(module, [.. bag]);
    }

    private static GraphModule? ImportCore(ReadOnlyMemory<byte> bytes, string path, string? baseDirectory, ImportOptions? options, DiagnosticBag bag)
    {
        var span = bytes.Span;
        if (span.Length == 0)
        {
            bag.ReportNotOnnx(path, "the file is empty");
            return null;
        }

        if (FileFormatSniffer.Describe(span) is { } format)
        {
            bag.ReportOtherFormat(path, format.LooksLike, format.Hint);
            return null;
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(span);
        }
        catch (InvalidProtocolBufferException e)
        {
            if (FileFormatSniffer.DescribeText(span) is { } text)
            {
                bag.ReportOtherFormat(path, text.LooksLike, text.Hint);
            }
            else if (e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase))
            {
                bag.ReportTruncated(path, span.Length);
            }
            else
            {
                bag.ReportNotOnnx(path, "protobuf parse error: " + e.Message);
            }

            return null;
        }

        if (!model.HasIrVersion && model.Graph is null)
        {
            if (FileFormatSniffer.DescribeText(span) is { } text)
            {
                bag.ReportOtherFormat(path, text.LooksLike, text.Hint);
            }
            else
            {
                bag.ReportNotOnnx(path, "it has neither an 'ir_version' nor a 'graph'");
            }

            return null;
        }

        if (model.IrVersion < MinIrVersion || model.IrVersion > MaxIrVersion)
        {
            bag.ReportUnsupportedIrVersion(path, model.IrVersion);
            return null;
        }

        if (model.Graph is null)
        {
            bag.ReportNotOnnx(path, "the model has no graph");
            return null;
        }

        foreach (var o in model.OpsetImport)
        {
            var domain = OnnxSchemaSet.Normalize(o.Domain);
            if (domain.Length == 0 && (o.Version < 1 || o.Version > MaxOpset))
            {
                bag.ReportUnsupportedOpset(path, domain, o.Version);
                return null;
            }

            if (domain.Length == 0 && o.Version < MinOpset)
            {
                bag.ReportOldOpset(path, o.Version);
            }
        }

        return new ModelImporter(model, path, baseDirectory, options ?? new ImportOptions(), bag).Run();
    }
}
