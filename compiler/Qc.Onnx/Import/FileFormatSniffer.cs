using System.Text;

namespace Qc.Onnx.Import;

/// <summary>Recognises files that are not ONNX models by their magic bytes, so the user hears what the file looks like.</summary>
internal static class FileFormatSniffer
{
    /// <summary>Describes the format of <paramref name="data"/> when it is a known non-ONNX format; null otherwise.</summary>
    /// <returns>A phrase that completes "it looks like ...", and a hint.</returns>
    public static (string LooksLike, string Hint)? Describe(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("PK\u0003\u0004"u8) || data.StartsWith("PK\u0005\u0006"u8))
        {
            var head = data[..Math.Min(data.Length, 4096)];
            if (head.IndexOf("data.pkl"u8) >= 0 || head.IndexOf("/data/"u8) >= 0)
            {
                return ("a PyTorch checkpoint (a zip archive with 'data.pkl')",
                    "export the network with torch.onnx.export(model, example_input, 'model.onnx')");
            }

            if (head.IndexOf(".npy"u8) >= 0)
            {
                return ("a NumPy .npz archive", "an .npz file holds arrays, not a model; pass the .onnx model file");
            }

            return ("a zip archive", "unpack it and pass the .onnx file inside");
        }

        // FlatBuffers files start with a small little-endian root offset, then the 4-byte file identifier.
        var flatBuffer = data.Length >= 8 && data[2] == 0 && data[3] == 0;
        if (flatBuffer && data[4..8].SequenceEqual("ORTM"u8))
        {
            return ("an ONNX Runtime format (.ort) model", "pass the original .onnx model; .ort files are an ONNX Runtime deployment format");
        }

        if (flatBuffer && data[4..8].SequenceEqual("TFL3"u8))
        {
            return ("a TensorFlow Lite model", "convert it to ONNX first, for example with tf2onnx (python -m tf2onnx.convert --tflite model.tflite)");
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return ("a gzip-compressed file", "decompress it first (gunzip) and pass the .onnx file");
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            return ("a PNG image", "pass the model file, not an image");
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("a JPEG image", "pass the model file, not an image");
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F']))
        {
            return ("an HDF5 file (a Keras .h5 model)", "convert it to ONNX first, for example with tf2onnx");
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']))
        {
            return ("an ELF executable or shared library", "pass the model file");
        }

        if (data.StartsWith("GGUF"u8))
        {
            return ("a GGUF model (llama.cpp)", "qc reads ONNX models only");
        }

        if (data.Length >= 2 && data[0] == 0x80 && data[1] is >= 2 and <= 5)
        {
            return ("a Python pickle (a legacy PyTorch checkpoint)", "export the network with torch.onnx.export(model, example_input, 'model.onnx')");
        }

        if (data.Length >= 9 && LooksLikeSafetensors(data))
        {
            return ("a safetensors weight file", "safetensors hold weights only; export the whole network to ONNX");
        }

        return null;
    }

    /// <summary>Describes text files (ONNX text form, JSON, other text); used only when the bytes do not parse as a model,
    /// since a small protobuf can start with printable bytes.</summary>
    public static (string LooksLike, string Hint)? DescribeText(ReadOnlySpan<byte> data)
    {
        if (LooksLikeText(data))
        {
            var text = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 256)]).TrimStart();
            if (text.StartsWith("ir_version", StringComparison.Ordinal) || text.StartsWith('<'))
            {
                return ("an ONNX model in text form", "convert it to the binary protobuf format, for example with onnx.save(onnx.parser.parse_model(text), 'model.onnx')");
            }

            return text.StartsWith('{') || text.StartsWith('[')
                ? ("a JSON text file", "pass the binary .onnx model file")
                : ("a text file", "pass the binary .onnx model file");
        }

        return null;
    }

    private static bool LooksLikeSafetensors(ReadOnlySpan<byte> data)
    {
        var headerLength = BitConverter.ToUInt64(data[..8]);
        return headerLength > 1 && headerLength < (ulong)data.Length && data[8] == (byte)'{';
    }

    /// <summary>True when the first bytes are printable ASCII or common whitespace (a protobuf model starts with a field tag such as 0x08).</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(data.Length, 64)];
        if (head.Length < 4)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (!(b is >= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }
}
