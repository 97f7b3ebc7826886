using System.Collections.Immutable;

namespace Qc.Core.Diagnostics;

/// <summary>One message for the user: a code, a severity, where, what is wrong, and what to do.</summary>
/// <remarks>Messages start lowercase and have no trailing period; user names are quoted with single quotes.</remarks>
public sealed record Diagnostic(DiagnosticCode Code, Severity Severity, Location Location, string Message, string? Hint = null)
{
    /// <summary>Additional notes, each with its own location.</summary>
    public ImmutableArray<DiagnosticNote> Notes { get; init; } = ImmutableArray<DiagnosticNote>.Empty;

    /// <summary>True for errors.</summary>
    public bool IsError => Severity == Severity.Error;
}

/// <summary>A secondary message attached to a diagnostic.</summary>
public sealed record DiagnosticNote(Location Location, string Message);
