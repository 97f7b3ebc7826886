using Qc.Core.Tensors;

namespace Qc.Core.Data;

/// <summary>Opens a dataset by what the path looks like: the entry point for recipes' <c>calibration:</c>/<c>evaluate:</c> data.</summary>
public static class Datasets
{
    /// <summary>Opens <paramref name="path"/>:
    /// a folder with (or being) <c>test_data_set_*</c> folders → <see cref="OnnxTestDataSource"/> (needs <paramref name="readTensor"/>);
    /// a folder with MNIST-style <c>t10k-images-idx3-ubyte[.gz]</c> → <see cref="IdxDataset.FromFolder"/> (test split);
    /// <c>*.npz</c> → <see cref="NpzDataset"/> (labels from an array named <paramref name="labels"/> when given);
    /// <c>*.npy</c> → <see cref="NpyDataset"/>;
    /// anything else is read as an IDX image file, with the labels from the sibling <c>*-labels-idx1-ubyte*</c> file when it exists.</summary>
    /// <exception cref="DatasetFormatException">The path is missing or not a dataset this can read.</exception>
    public static IDatasetSource Open(string path, Func<string, TensorData>? readTensor = null, string? labels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            if (File.Exists(Path.Combine(path, "t10k-images-idx3-ubyte.gz")) || File.Exists(Path.Combine(path, "t10k-images-idx3-ubyte")))
            {
                return IdxDataset.FromFolder(path);
            }

            return new OnnxTestDataSource(path, readTensor
                ?? throw new DatasetFormatException(path, "ONNX test_data_set folders need a TensorProto reader (Qc.Onnx.OnnxTensors.ReadFile)"));
        }

        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "does not exist");
        }

        if (path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
        {
            return new NpzDataset(path, labels: labels);
        }

        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".npy.gz", StringComparison.OrdinalIgnoreCase))
        {
            return new NpyDataset(path);
        }

        var name = Path.GetFileName(path);
        var labelsPath = name.Contains("images-idx3", StringComparison.Ordinal)
            ? Path.Combine(Path.GetDirectoryName(path) ?? ".", name.Replace("images-idx3", "labels-idx1", StringComparison.Ordinal))
            : null;
        return new IdxDataset(path, labelsPath is not null && File.Exists(labelsPath) ? labelsPath : null);
    }
}
