using System.IO.Compression;

namespace Qc.Core.Data;

/// <summary>File helpers shared by the loaders: transparent gzip, exact reads with truncation errors.</summary>
internal static class DataStreams
{
    /// <summary>Opens a file for sequential reading, decompressing it when it starts with the gzip magic (1F 8B).</summary>
    public static Stream OpenMaybeGzip(string path, out bool compressed)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException(path, $"cannot be opened: {e.Message}", e);
        }

        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        compressed = n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return compressed ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    /// <summary>Fills <paramref name="buffer"/> or throws a <see cref="DatasetFormatException"/> saying what was being read.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string path, Func<string> what)
    {
        int read;
        try
        {
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt compressed data while reading {what()}: {e.Message}", e);
        }

        if (read < buffer.Length)
        {
            throw new DatasetFormatException(path, $"truncated: the data ends while reading {what()} ({read} of {buffer.Length} bytes present)");
        }
    }

    /// <summary>True when the stream has no more bytes.</summary>
    public static bool AtEnd(Stream stream, string path)
    {
        try
        {
            return stream.ReadByte() < 0;
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt compressed data at the end: {e.Message}", e);
        }
    }
}
