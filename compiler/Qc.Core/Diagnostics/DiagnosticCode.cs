using System.Globalization;

namespace Qc.Core.Diagnostics;

/// <summary>A stable diagnostic code, printed as <c>QC</c> plus four digits (see specs/diagnostics.md).</summary>
public readonly record struct DiagnosticCode(int Number)
{
    /// <inheritdoc/>
    public override string ToString() => "QC" + Number.ToString("D4", CultureInfo.InvariantCulture);
}
