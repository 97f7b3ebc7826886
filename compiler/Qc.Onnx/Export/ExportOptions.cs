namespace Qc.Onnx.Export;

/// <summary>Options of <see cref="OnnxExporter"/>.</summary>
/// <param name="ValueInfo">Also write <c>value_info</c> with the inferred type of every intermediate value whose type is
/// known. Results of opaque ops always get one (their types exist only as declarations), so export → import keeps them.</param>
/// <param name="ProducerName">The <c>producer_name</c>; null keeps the module's <c>producer_name</c> metadata, or "qc" when it has none.</param>
/// <param name="ProducerVersion">The <c>producer_version</c>; null keeps the module's metadata (or leaves it empty).</param>
public sealed record ExportOptions(bool ValueInfo = false, string? ProducerName = null, string? ProducerVersion = null);
