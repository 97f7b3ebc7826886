using System.Collections.Immutable;
using Google.Protobuf;
using Onnx;
using Qc.Core.Diagnostics;

namespace Qc.Onnx.Export;

/// <summary>The exported model (null when export failed) and the diagnostics of the export.</summary>
public sealed record ExportResult(ModelProto? Model, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when a model was produced and no diagnostic is an error.</summary>
    public bool Success => Model is not null && !Diagnostics.Any(d => d.IsError);

    /// <summary>The serialized model; deterministic for the same module and options.</summary>
    /// <exception cref="InvalidOperationException">The export failed (see <see cref="Diagnostics"/>).</exception>
    public byte[] ToBytes() => Model is { } m && Success
        ? m.ToByteArray()
        : throw new InvalidOperationException("the export failed; see the diagnostics");
}
