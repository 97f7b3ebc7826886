using Qc.Core.Text;

namespace Qc.Core.Diagnostics;

/// <summary>Where a diagnostic points: a span of a text file, a place in a binary file, a graph node, or nowhere.</summary>
public abstract record Location
{
    /// <summary>No location (command-line or environment problems).</summary>
    public static Location None { get; } = new NoLocation();

    /// <summary>The path of the file the location is in, if any.</summary>
    public abstract string? FilePath { get; }
}

/// <summary>No location.</summary>
public sealed record NoLocation : Location
{
    /// <inheritdoc/>
    public override string? FilePath => null;
}

/// <summary>A span of a text file.</summary>
public sealed record SourceLocation(SourceText Source, TextSpan Span) : Location
{
    /// <inheritdoc/>
    public override string? FilePath => Source.Path;
}

/// <summary>A file as a whole, optionally with a byte offset (binary files such as ONNX models).</summary>
public sealed record FileLocation(string Path, long? ByteOffset = null) : Location
{
    /// <inheritdoc/>
    public override string? FilePath => Path;
}

/// <summary>A node of a model graph: file, node name and op type.</summary>
public sealed record NodeLocation(string Path, string NodeName, string OpType) : Location
{
    /// <inheritdoc/>
    public override string? FilePath => Path;
}
