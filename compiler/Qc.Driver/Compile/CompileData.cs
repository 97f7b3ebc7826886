using System.IO.Compression;
using System.Security.Cryptography;
using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Onnx;

namespace Qc.Driver.Compile;

/// <summary>Opens the recipe's calibration and evaluation data, with labels where the data has them: the sibling
/// <c>*-labels-idx1-ubyte[.gz]</c> of IDX images, the <c>labels</c> array of an <c>.npz</c>.</summary>
internal static class CompileData
{
    /// <summary>The name of the labels array in an <c>.npz</c>.</summary>
    public const string LabelsArray = "labels";

    /// <summary>Opens a dataset; null with <paramref name="code"/> reported when it cannot be read.</summary>
    public static IDatasetSource? Open(string path, string display, string what, int code, DiagnosticBag bag)
    {
        try
        {
            var labels = path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) && File.Exists(path) && HasMember(path, LabelsArray) ? LabelsArray : null;
            return Datasets.Open(path, OnnxTensors.ReadFile, labels);
        }
        catch (Exception e) when (e is DatasetFormatException or IOException or UnauthorizedAccessException or InvalidDataException or OnnxFormatException)
        {
            bag.Error(code, new FileLocation(display), $"cannot read the {what} data: " + (e is DatasetFormatException d ? d.Reason : e.Message),
                "check the path in the recipe; scripts/setup.sh installs Fashion-MNIST and makes the OCR calibration data");
            return null;
        }
    }

    /// <summary>Reads the first <paramref name="count"/> samples into memory (for the small sensitivity subset).</summary>
    public static List<Sample> Take(IDatasetSource data, long count) => [.. data.ReadSamples(count)];

    /// <summary>The SHA-256 (hex) of a data file, or of every file under a folder (relative names and contents, sorted).</summary>
    public static string Hash(string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(path, file).Replace('\\', '/') + "\n"));
                AppendFile(sha, file);
            }
        }
        else if (File.Exists(path))
        {
            AppendFile(sha, path);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The SHA-256 (hex) of bytes.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Samples stacked along axis 0, one tensor per input.</summary>
    public static TensorData[] Stack(IReadOnlyList<Sample> samples)
    {
        var inputs = samples[0].Inputs.Count;
        var stacked = new TensorData[inputs];
        for (var i = 0; i < inputs; i++)
        {
            stacked[i] = DatasetExtensions.ConcatenateAxis0([.. samples.Select(s => s.Inputs[i])]);
        }

        return stacked;
    }

    private static bool HasMember(string path, string name)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Any(e => e.FullName == name + ".npy");
    }

    private static void AppendFile(IncrementalHash sha, string file)
    {
        using var stream = File.OpenRead(file);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha.AppendData(buffer, 0, n);
        }
    }
}
