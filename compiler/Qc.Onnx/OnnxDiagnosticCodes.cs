using System.Globalization;
using Qc.Core.Diagnostics;

namespace Qc.Onnx;

/// <summary>Diagnostic codes of the ONNX importer (block QC30xx-QC31xx) and the methods that word them.</summary>
/// <remarks>
/// Codes are append-only; a retired number stays reserved. All wording lives in the <c>Report...</c> methods so the voice
/// stays consistent: lowercase messages without a trailing period, user names in single quotes, a hint that says what to do.
/// Type inference reports its own codes (QC32xx, see <c>Qc.Ir.Graph.InferenceCodes</c>).
/// </remarks>
public static class OnnxDiagnosticCodes
{
    /// <summary>The model file does not exist.</summary>
    public const int FileNotFound = 3001;

    /// <summary>The model file exists but cannot be read (permissions, a folder, an I/O error).</summary>
    public const int FileUnreadable = 3002;

    /// <summary>The bytes are not an ONNX model: protobuf parse error, empty file, or no graph.</summary>
    public const int NotOnnx = 3003;

    /// <summary>The protobuf data ends in the middle of a message: the file was cut short.</summary>
    public const int Truncated = 3004;

    /// <summary>The file is some other format, recognised by its magic bytes (zip/npz/PyTorch, ORT format, TFLite, gzip, PNG, ...).</summary>
    public const int OtherFormat = 3005;

    /// <summary>The model's IR version is outside the supported range 3-10.</summary>
    public const int UnsupportedIrVersion = 3006;

    /// <summary>The model imports an ai.onnx opset outside the supported range, or none while using ai.onnx ops.</summary>
    public const int UnsupportedOpset = 3007;

    /// <summary>Warning: the model's ai.onnx opset is older than 7; ops are upgraded where qc understands them.</summary>
    public const int OldOpset = 3008;

    /// <summary>A node input or graph output names a value that nothing defines.</summary>
    public const int UndefinedValue = 3010;

    /// <summary>The nodes form a cycle.</summary>
    public const int Cycle = 3011;

    /// <summary>Two definitions (inputs, initializers, node outputs) use the same value name.</summary>
    public const int DuplicateValueName = 3012;

    /// <summary>An attribute has the wrong type for the op version in effect.</summary>
    public const int AttributeType = 3020;

    /// <summary>A required attribute is missing.</summary>
    public const int MissingAttribute = 3021;

    /// <summary>Warning: an attribute the op version does not define; it is dropped.</summary>
    public const int UnknownAttribute = 3022;

    /// <summary>A node has a number of inputs the op version does not accept.</summary>
    public const int InputCount = 3023;

    /// <summary>A node has a number of outputs the op version does not accept.</summary>
    public const int OutputCount = 3024;

    /// <summary>A Constant node does not set exactly one value attribute.</summary>
    public const int BadConstant = 3025;

    /// <summary>Warning: a legacy attribute that changes the op's meaning was dropped or approximated during an upgrade.</summary>
    public const int LegacyAttribute = 3026;

    /// <summary>An ai.onnx op is used at an opset older than the one that introduced it.</summary>
    public const int OpNotInOpset = 3027;

    /// <summary>Tensor data is malformed: unknown data type, payload size mismatch, bad sparse indices.</summary>
    public const int BadTensorData = 3030;

    /// <summary>External tensor data is missing, out of range, or points outside the model's folder.</summary>
    public const int BadExternalData = 3031;

    /// <summary>Warning: an op qc does not know (custom domain or unknown type); kept as <c>graph.opaque</c>.</summary>
    public const int UnknownOp = 3040;

    /// <summary>Warning: an ONNX op without a graph IR op yet; kept as <c>graph.opaque</c>.</summary>
    public const int NoIrOp = 3041;

    /// <summary>Warning: an old op version qc cannot upgrade to the newest semantics; kept as <c>graph.opaque</c>.</summary>
    public const int NoUpgrade = 3042;

    /// <summary>Warning: a value type or element type the graph IR cannot represent (maps, sparse tensors, unknown data types).</summary>
    public const int UnsupportedType = 3043;

    /// <summary>Warning: an attribute kind the graph IR cannot hold (lists of tensors, graphs or types); it is dropped.</summary>
    public const int UnsupportedAttribute = 3044;

    /// <summary>Warning: a model-local function call was inlined, or could not be.</summary>
    public const int Function = 3045;

    /// <summary>A pinned input shape has a different rank than the model declares.</summary>
    public const int PinnedRank = 3050;

    /// <summary>A pinned input shape contradicts a static dimension the model declares.</summary>
    public const int PinnedDim = 3051;

    /// <summary>A pinned input name is not a graph input of the model.</summary>
    public const int PinnedUnknownInput = 3052;

    /// <summary>A declared graph output type contradicts the inferred type.</summary>
    public const int OutputTypeMismatch = 3060;

    /// <summary>An unexpected exception inside qc (a bug), reported instead of thrown.</summary>
    public const int InternalError = 9001;

    internal static void ReportFileNotFound(this DiagnosticBag bag, string path) =>
        bag.Error(FileNotFound, new FileLocation(path), $"model file '{path}' not found", "check the path; relative paths are resolved from the current folder");

    internal static void ReportFileUnreadable(this DiagnosticBag bag, string path, string reason) =>
        bag.Error(FileUnreadable, new FileLocation(path), $"cannot read model file '{path}': {Lower(reason)}", "check that it is a readable file, not a folder");

    internal static void ReportNotOnnx(this DiagnosticBag bag, string path, string detail) =>
        bag.Error(NotOnnx, new FileLocation(path), $"'{path}' is not an ONNX model: {Lower(detail)}",
            "pass a binary .onnx file (a serialized ModelProto), as written by onnx.save or torch.onnx.export");

    internal static void ReportTruncated(this DiagnosticBag bag, string path, long length) =>
        bag.Error(Truncated, new FileLocation(path, length), $"model file '{path}' is truncated: the data ends in the middle of a message after {length.ToString(CultureInfo.InvariantCulture)} bytes",
            "the download or copy was probably cut short; fetch the file again and compare its size or checksum");

    internal static void ReportOtherFormat(this DiagnosticBag bag, string path, string looksLike, string hint) =>
        bag.Error(OtherFormat, new FileLocation(path, 0), $"'{path}' is not an ONNX model; it looks like {looksLike}", hint);

    internal static void ReportUnsupportedIrVersion(this DiagnosticBag bag, string path, long version) =>
        bag.Error(UnsupportedIrVersion, new FileLocation(path), $"unsupported ONNX IR version {version.ToString(CultureInfo.InvariantCulture)}; qc reads IR versions 3 to 10",
            version > 10 ? "save the model with an older onnx package, or convert it with onnx.version_converter"
                : "re-export the model with a current exporter");

    internal static void ReportUnsupportedOpset(this DiagnosticBag bag, string path, string domain, long version) =>
        bag.Error(UnsupportedOpset, new FileLocation(path), $"unsupported opset {version.ToString(CultureInfo.InvariantCulture)} of domain '{DomainName(domain)}'; qc supports ai.onnx opsets 7 to 22",
            "convert the model with onnx.version_converter.convert_version(model, 17)");

    internal static void ReportMissingOpsetImport(this DiagnosticBag bag, string path) =>
        bag.Error(UnsupportedOpset, new FileLocation(path), "the model uses ai.onnx ops but has no opset import for 'ai.onnx'",
            "add an opset_import entry with an empty domain and the opset the model was exported with");

    internal static void ReportOldOpset(this DiagnosticBag bag, string path, long version) =>
        bag.Warning(OldOpset, new FileLocation(path), $"ai.onnx opset {version.ToString(CultureInfo.InvariantCulture)} is older than 7; ops are upgraded to their newest versions where qc understands them",
            "convert the model to opset 7 or newer with onnx.version_converter to be sure of the semantics");

    internal static void ReportUndefinedValue(this DiagnosticBag bag, Location location, string name, string usedBy) =>
        bag.Error(UndefinedValue, location, $"value '{name}' used by {usedBy} is never defined",
            $"add an initializer, graph input or node output named '{name}', or fix the name");

    internal static void ReportCycle(this DiagnosticBag bag, Location location, IReadOnlyList<string> values) =>
        bag.Error(Cycle, location, $"the graph has a cycle through the values {string.Join(" -> ", values.Select(v => "'" + v + "'"))}",
            "ONNX graphs must be acyclic; use a Loop or Scan for recurrence");

    internal static void ReportDuplicateValueName(this DiagnosticBag bag, Location location, string name, string what) =>
        bag.Error(DuplicateValueName, location, $"value name '{name}' is defined more than once ({what})",
            "give every graph input, initializer and node output a unique name");

    internal static void ReportAttributeType(this DiagnosticBag bag, Location location, string attribute, string op, string expected, string actual) =>
        bag.Error(AttributeType, location, $"attribute '{attribute}' of '{op}' must be {expected}, not {actual}",
            $"write '{attribute}' as an {expected} attribute");

    internal static void ReportMissingAttribute(this DiagnosticBag bag, Location location, string attribute, string op) =>
        bag.Error(MissingAttribute, location, $"required attribute '{attribute}' of '{op}' is missing", $"set '{attribute}' on the node");

    internal static void ReportUnknownAttribute(this DiagnosticBag bag, Location location, string attribute, string op) =>
        bag.Warning(UnknownAttribute, location, $"'{op}' has no attribute '{attribute}'; it is ignored",
            "remove the attribute, or check the opset the model imports");

    internal static void ReportInputCount(this DiagnosticBag bag, Location location, string op, int count, int min, int max) =>
        bag.Error(InputCount, location, $"'{op}' takes {Range(min, max)} inputs, the node has {count.ToString(CultureInfo.InvariantCulture)}",
            "check the node's inputs against the op's definition for the model's opset");

    internal static void ReportOutputCount(this DiagnosticBag bag, Location location, string op, int count, int min, int max) =>
        bag.Error(OutputCount, location, $"'{op}' produces {Range(min, max)} outputs, the node has {count.ToString(CultureInfo.InvariantCulture)}",
            "check the node's outputs against the op's definition for the model's opset");

    internal static void ReportBadConstant(this DiagnosticBag bag, Location location, int count) =>
        bag.Error(BadConstant, location, $"a Constant node needs exactly one value attribute, this one has {count.ToString(CultureInfo.InvariantCulture)}",
            "set one of 'value', 'sparse_value', 'value_float(s)', 'value_int(s)' or 'value_string(s)'");

    internal static void ReportLegacyAttribute(this DiagnosticBag bag, Location location, string op, string attribute, string what) =>
        bag.Warning(LegacyAttribute, location, $"attribute '{attribute}' of '{op}' {what}",
            "convert the model to a newer opset with onnx.version_converter to be sure of the semantics");

    internal static void ReportOpNotInOpset(this DiagnosticBag bag, Location location, string op, int since, int opset) =>
        bag.Error(OpNotInOpset, location, $"'{op}' needs opset {since.ToString(CultureInfo.InvariantCulture)}, but the model imports opset {opset.ToString(CultureInfo.InvariantCulture)}",
            $"raise the model's ai.onnx opset import to at least {since.ToString(CultureInfo.InvariantCulture)}");

    internal static void ReportBadTensorData(this DiagnosticBag bag, Location location, string detail) =>
        bag.Error(BadTensorData, location, $"bad tensor data: {Lower(detail)}", "re-export the model; the file may be corrupted");

    internal static void ReportBadExternalData(this DiagnosticBag bag, Location location, string detail) =>
        bag.Error(BadExternalData, location, $"bad external data: {Lower(detail)}",
            "keep the external data files next to the model, with the names and sizes the model records");

    internal static void ReportUnknownOp(this DiagnosticBag bag, Location location, string domain, string opType) =>
        bag.Warning(UnknownOp, location, $"unknown op '{opType}' of domain '{DomainName(domain)}'; kept as 'graph.opaque'",
            "qc cannot compile through opaque ops; replace it with standard ONNX ops or register the op");

    internal static void ReportNoIrOp(this DiagnosticBag bag, Location location, string opType, string? why = null) =>
        bag.Warning(NoIrOp, location, $"ONNX op '{opType}' has no graph IR op{(why is null ? "" : " (" + why + ")")}; kept as 'graph.opaque'",
            "qc cannot compile through opaque ops; rewrite the model with supported ops");

    internal static void ReportNoUpgrade(this DiagnosticBag bag, Location location, string op, string why) =>
        bag.Warning(NoUpgrade, location, $"cannot upgrade '{op}' to the newest semantics: {why}; kept as 'graph.opaque'",
            "convert the model to a newer opset with onnx.version_converter");

    internal static void ReportUnsupportedType(this DiagnosticBag bag, Location location, string name, string what) =>
        bag.Warning(UnsupportedType, location, $"value '{name}' has {what}, which the graph IR does not represent; its type is left unknown",
            "use tensor, sequence or optional values");

    internal static void ReportUnsupportedAttribute(this DiagnosticBag bag, Location location, string attribute, string kind) =>
        bag.Warning(UnsupportedAttribute, location, $"attribute '{attribute}' of kind {kind} cannot be kept in the graph IR; it is dropped",
            "qc keeps INT, FLOAT, STRING, their lists, TENSOR, SPARSE_TENSOR, TYPE_PROTO and GRAPH attributes");

    internal static void ReportFunction(this DiagnosticBag bag, Location location, string message, string hint) =>
        bag.Warning(Function, location, message, hint);

    internal static void ReportPinnedRank(this DiagnosticBag bag, string path, string input, int pinned, int declared) =>
        bag.Error(PinnedRank, new FileLocation(path), $"input shape for '{input}' has rank {pinned.ToString(CultureInfo.InvariantCulture)}, the model declares rank {declared.ToString(CultureInfo.InvariantCulture)}",
            $"give '{input}' exactly {declared.ToString(CultureInfo.InvariantCulture)} dimensions");

    internal static void ReportPinnedDim(this DiagnosticBag bag, string path, string input, int axis, string pinned, long declared) =>
        bag.Error(PinnedDim, new FileLocation(path), $"input shape for '{input}' sets dimension {axis.ToString(CultureInfo.InvariantCulture)} to {pinned}, the model fixes it at {declared.ToString(CultureInfo.InvariantCulture)}",
            $"use {declared.ToString(CultureInfo.InvariantCulture)} for dimension {axis.ToString(CultureInfo.InvariantCulture)}, or pin only symbolic dimensions");

    internal static void ReportPinnedUnknownInput(this DiagnosticBag bag, string path, string input, IEnumerable<string> inputs) =>
        bag.Error(PinnedUnknownInput, new FileLocation(path), $"input shape given for '{input}', which is not a graph input",
            $"graph inputs are: {string.Join(", ", inputs.Select(i => "'" + i + "'"))}");

    internal static void ReportOutputTypeMismatch(this DiagnosticBag bag, string path, string output, string declared, string inferred, string what) =>
        bag.Error(OutputTypeMismatch, new FileLocation(path), $"graph output '{output}' is declared {declared} but inferred as {inferred} ({what})",
            "fix the declared output type, or check the input shapes the model was imported with");

    internal static void ReportInternalError(this DiagnosticBag bag, string path, Exception e) =>
        bag.Error(InternalError, new FileLocation(path), $"internal error while importing the model: {e.GetType().Name}: {e.Message}",
            "this is a bug in qc; please report it with the model");

    /// <summary>The user-facing name of a domain ("" is ai.onnx).</summary>
    internal static string DomainName(string domain) => domain.Length == 0 ? "ai.onnx" : domain;

    private static string Range(int min, int max) =>
        min == max ? min.ToString(CultureInfo.InvariantCulture)
        : max == int.MaxValue ? "at least " + min.ToString(CultureInfo.InvariantCulture)
        : $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Lowercases the first letter and drops a trailing period, for messages from exceptions.</summary>
    private static string Lower(string s)
    {
        s = s.Trim().TrimEnd('.');
        return s.Length > 1 && char.IsUpper(s[0]) && !char.IsUpper(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;
    }
}
