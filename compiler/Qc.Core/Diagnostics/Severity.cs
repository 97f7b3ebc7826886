namespace Qc.Core.Diagnostics;

/// <summary>How serious a diagnostic is. Errors stop the driver at the next phase boundary.</summary>
public enum Severity
{
    Note,
    Warning,
    Error,
}
