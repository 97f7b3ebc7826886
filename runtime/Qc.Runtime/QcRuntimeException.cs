using System.Globalization;

namespace Qc.Runtime;

/// <summary>A package that cannot be loaded or run on this host, or inputs that do not fit the model.</summary>
public sealed class QcRuntimeException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the code (<c>QC7207: ...</c>).</summary>
    public QcRuntimeException(QcRuntimeErrorCode code, string message, Exception? inner = null)
        : base("QC" + ((int)code).ToString(CultureInfo.InvariantCulture) + ": " + message, inner)
    {
        Code = code;
        Detail = message;
    }

    /// <summary>What went wrong.</summary>
    public QcRuntimeErrorCode Code { get; }

    /// <summary>The message without the code prefix.</summary>
    public string Detail { get; }

    /// <summary>The diagnostic code text, e.g. <c>QC7207</c>.</summary>
    public string CodeText => "QC" + ((int)Code).ToString(CultureInfo.InvariantCulture);
}
