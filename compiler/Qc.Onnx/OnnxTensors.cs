using System.Buffers.Binary;
using System.Collections.Immutable;
using Google.Protobuf;
using Onnx;
using Qc.Core.Tensors;

namespace Qc.Onnx;

/// <summary>Converts between ONNX <c>TensorProto</c> messages and <see cref="TensorData"/>.</summary>
public static class OnnxTensors
{
    /// <summary>Reads a serialized <c>TensorProto</c> file (such as a node test's <c>input_0.pb</c>).</summary>
    /// <exception cref="OnnxFormatException">The file is not a valid tensor.</exception>
    public static TensorData ReadFile(string path)
    {
        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException($"'{path}' is not a serialized ONNX tensor: {e.Message}");
        }

        return ToTensorData(proto, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Serializes a tensor as a <c>TensorProto</c> file, written atomically.</summary>
    public static void WriteFile(string path, TensorData tensor, string name = "")
    {
        var bytes = FromTensorData(tensor, name).ToByteArray();
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Converts a <c>TensorProto</c> to a dense tensor.</summary>
    /// <param name="proto">The tensor.</param>
    /// <param name="baseDirectory">Folder that external data locations are relative to, or null to reject external data.</param>
    /// <exception cref="OnnxFormatException">Unknown data type, wrong payload size, or unreadable external data.</exception>
    public static TensorData ToTensorData(TensorProto proto, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(proto);
        if (!ElementTypes.IsDefined(proto.DataType))
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' has unknown data type {proto.DataType}");
        }

        var type = (ElementType)proto.DataType;
        var dims = proto.Dims.ToArray();
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new OnnxFormatException($"tensor '{proto.Name}' has negative dimension {d}");
            }
        }

        long count;
        try
        {
            count = checked(TensorData.ElementCountOf(dims));
        }
        catch (OverflowException)
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' has too many elements");
        }

        if (type == ElementType.String)
        {
            if (proto.StringData.Count != count)
            {
                throw new OnnxFormatException($"tensor '{proto.Name}' has {proto.StringData.Count} strings for {count} elements");
            }

            return TensorData.FromStrings(dims, proto.StringData.Select(s => s.ToStringUtf8()));
        }

        if (proto.DataLocation == TensorProto.Types.DataLocation.External)
        {
            return FromBytesChecked(proto, type, dims, count, ReadExternal(proto, baseDirectory));
        }

        if (proto.HasRawData || proto.RawData.Length > 0)
        {
            return FromBytesChecked(proto, type, dims, count, proto.RawData.Memory);
        }

        return FromBytesChecked(proto, type, dims, count, TypedFieldsToBytes(proto, type, count));
    }

    /// <summary>Converts a dense tensor to a <c>TensorProto</c> with raw data.</summary>
    public static TensorProto FromTensorData(TensorData tensor, string name = "")
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var proto = new TensorProto { Name = name, DataType = (int)tensor.ElementType };
        proto.Dims.AddRange(tensor.Dims);
        if (tensor.ElementType == ElementType.String)
        {
            proto.StringData.AddRange(tensor.Strings.Select(ByteString.CopyFromUtf8));
        }
        else
        {
            proto.RawData = ByteString.CopyFrom(tensor.Data.Span);
        }

        return proto;
    }

    private static TensorData FromBytesChecked(TensorProto proto, ElementType type, long[] dims, long count, ReadOnlyMemory<byte> bytes)
    {
        var expected = type.ByteCount(count);
        if (bytes.Length != expected)
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' of {type.Name()}[{string.Join(",", dims)}] needs {expected} bytes of data, has {bytes.Length}");
        }

        return TensorData.FromBytes(type, dims, bytes);
    }

    private static ReadOnlyMemory<byte> ReadExternal(TensorProto proto, string? baseDirectory)
    {
        string? location = null;
        long offset = 0;
        long length = -1;
        foreach (var kv in proto.ExternalData)
        {
            switch (kv.Key)
            {
                case "location": location = kv.Value; break;
                case "offset": offset = ParseExternalNumber(proto, kv.Key, kv.Value); break;
                case "length": length = ParseExternalNumber(proto, kv.Key, kv.Value); break;
            }
        }

        if (location is null)
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' has external data without a 'location'");
        }

        if (baseDirectory is null)
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' uses external data, which is not allowed here");
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(baseDirectory, location));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' external data location '{location}' leaves the model's folder");
        }

        if (!File.Exists(full))
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' external data file '{location}' not found next to the model");
        }

        using var fs = File.OpenRead(full);
        if (length < 0)
        {
            length = fs.Length - offset;
        }

        if (offset < 0 || length < 0 || offset > fs.Length || length > fs.Length - offset)
        {
            throw new OnnxFormatException($"tensor '{proto.Name}' external data range [{offset}, {offset + length}) is outside '{location}' ({fs.Length} bytes)");
        }

        var buffer = new byte[length];
        fs.Position = offset;
        fs.ReadExactly(buffer);
        return buffer;
    }

    private static long ParseExternalNumber(TensorProto proto, string key, string value) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new OnnxFormatException($"tensor '{proto.Name}' has external data {key} '{value}', which is not a non-negative integer");

    private static byte[] TypedFieldsToBytes(TensorProto p, ElementType type, long count)
    {
        var n = checked((int)count);
        switch (type)
        {
            case ElementType.F32:
                return Pack(p.FloatData, n, 4, (s, v) => BinaryPrimitives.WriteSingleLittleEndian(s, v));
            case ElementType.F64:
                return Pack(p.DoubleData, n, 8, (s, v) => BinaryPrimitives.WriteDoubleLittleEndian(s, v));
            case ElementType.I64:
                return Pack(p.Int64Data, n, 8, (s, v) => BinaryPrimitives.WriteInt64LittleEndian(s, v));
            case ElementType.U64:
                return Pack(p.Uint64Data, n, 8, (s, v) => BinaryPrimitives.WriteUInt64LittleEndian(s, v));
            case ElementType.U32:
                return Pack(p.Uint64Data, n, 4, (s, v) => BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)v));
            case ElementType.Complex64:
                return Pack(p.FloatData, n * 2, 4, (s, v) => BinaryPrimitives.WriteSingleLittleEndian(s, v));
            case ElementType.Complex128:
                return Pack(p.DoubleData, n * 2, 8, (s, v) => BinaryPrimitives.WriteDoubleLittleEndian(s, v));
            case ElementType.I32:
                return Pack(p.Int32Data, n, 4, (s, v) => BinaryPrimitives.WriteInt32LittleEndian(s, v));
            case ElementType.I16:
            case ElementType.U16:
            case ElementType.F16:
            case ElementType.BF16:
                return Pack(p.Int32Data, n, 2, (s, v) => BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)v));
            case ElementType.I8:
            case ElementType.U8:
            case ElementType.Bool:
            case ElementType.F8E4M3FN:
            case ElementType.F8E4M3FNUZ:
            case ElementType.F8E5M2:
            case ElementType.F8E5M2FNUZ:
                return Pack(p.Int32Data, n, 1, (s, v) => s[0] = (byte)v);
            case ElementType.I4:
            case ElementType.U4:
                // int32_data holds two 4-bit values per entry, low nibble first.
                return Pack(p.Int32Data, (n + 1) / 2, 1, (s, v) => s[0] = (byte)v);
            default:
                throw new OnnxFormatException($"tensor '{p.Name}' of {type.Name()} cannot be read from typed fields");
        }
    }

    private delegate void Writer<in T>(Span<byte> destination, T value);

    private static byte[] Pack<T>(Google.Protobuf.Collections.RepeatedField<T> field, int n, int size, Writer<T> write)
    {
        if (field.Count != n)
        {
            // Let the caller produce the size message (bytes vs needed).
            return new byte[checked(field.Count * size)];
        }

        var bytes = new byte[checked(n * size)];
        for (var i = 0; i < n; i++)
        {
            write(bytes.AsSpan(i * size, size), field[i]);
        }

        return bytes;
    }
}

/// <summary>An ONNX file or message is malformed. Caught by the importer and turned into a diagnostic.</summary>
public sealed class OnnxFormatException(string message) : Exception(message);
