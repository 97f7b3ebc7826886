using System.Globalization;

namespace Qc.Package;

/// <summary>A package that cannot be read or written: a specific <see cref="PackageErrorCode"/> and a message naming the
/// part at fault (the section, the manifest field).</summary>
/// <remarks>The reader throws only this type for bad input bytes: never an index, overflow or JSON exception.</remarks>
public sealed class PackageException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the code (<c>QC7010: ...</c>).</summary>
    public PackageException(PackageErrorCode code, string message, string? section = null, Exception? inner = null)
        : base(FormatMessage(code, message), inner)
    {
        Code = code;
        Section = section;
        Detail = message;
    }

    /// <summary>What went wrong.</summary>
    public PackageErrorCode Code { get; }

    /// <summary>The section at fault, when one is.</summary>
    public string? Section { get; }

    /// <summary>The message without the code prefix.</summary>
    public string Detail { get; }

    /// <summary>The diagnostic code text, e.g. <c>QC7010</c>.</summary>
    public string CodeText => "QC" + ((int)Code).ToString(CultureInfo.InvariantCulture);

    private static string FormatMessage(PackageErrorCode code, string message) =>
        "QC" + ((int)code).ToString(CultureInfo.InvariantCulture) + ": " + message;
}
