namespace Qc.Core.Data;

/// <summary>A dataset file is malformed or does not match what the loader expects (wrong magic, truncated, inconsistent counts).</summary>
/// <remarks>The message names the file and says what is wrong, so that the driver can turn it into a diagnostic as is.</remarks>
public sealed class DatasetFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public DatasetFormatException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
        Path = path;
        Reason = message;
    }

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Reason { get; }
}
