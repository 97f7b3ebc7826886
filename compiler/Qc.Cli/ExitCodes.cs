namespace Qc.Cli;

/// <summary>Process exit codes of the <c>qc</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success (warnings may have been printed).</summary>
    public const int Success = 0;

    /// <summary>The input has errors; diagnostics were printed.</summary>
    public const int InputErrors = 1;

    /// <summary>The command line is malformed.</summary>
    public const int Usage = 2;

    /// <summary>An internal error (a bug in qc).</summary>
    public const int Internal = 70;
}
