using System.Buffers.Binary;
using System.IO.Compression;
using Qc.Core.Tensors;

namespace Qc.Core.Tests.Data;

/// <summary>Writes small dataset files into a temporary folder that is deleted on dispose.</summary>
internal sealed class DataFiles : IDisposable
{
    public DataFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qc-data-" + Guid.NewGuid().ToString("N"));

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>An IDX file: header for the type code and dims, then the payload (already big-endian).</summary>
    public static byte[] Idx(byte typeCode, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + (4 * dims.Length) + payload.Length];
        bytes[2] = typeCode;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        payload.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        return memory.ToArray();
    }

    /// <summary>n images of h×w with pixel i of image k = (k * 16 + i) mod 256, and labels k mod 10.</summary>
    public (string Images, string Labels) Mnist(string prefix, int n, int h, int w, bool gzip)
    {
        var pixels = new byte[n * h * w];
        for (var k = 0; k < n; k++)
        {
            for (var i = 0; i < h * w; i++)
            {
                pixels[(k * h * w) + i] = (byte)(((k * 16) + i) % 256);
            }
        }

        var labels = Enumerable.Range(0, n).Select(k => (byte)(k % 10)).ToArray();
        var images = Write($"{prefix}-images-idx3-ubyte" + (gzip ? ".gz" : ""), Idx(0x08, [n, h, w], pixels), gzip);
        var labelPath = Write($"{prefix}-labels-idx1-ubyte" + (gzip ? ".gz" : ""), Idx(0x08, [n], labels), gzip);
        return (images, labelPath);
    }

    public string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = Path(name);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    public string Npz(string name, CompressionLevel level, params (string Name, TensorData Tensor)[] arrays)
    {
        var path = Path(name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (n, t) in arrays)
        {
            using var stream = zip.CreateEntry(n + ".npy", level).Open();
            stream.Write(NpyFormat.ToBytes(t));
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
