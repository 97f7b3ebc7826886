using System.Globalization;
using System.Text.RegularExpressions;
using Qc.Core.Tensors;

namespace Qc.Core.Data;

/// <summary>ONNX <c>test_data_set_*</c> folders (as in the ONNX model zoo and backend tests): each folder is one sample, its
/// <c>input_0.pb</c>, <c>input_1.pb</c>, … the model inputs in order, each a serialized <c>TensorProto</c> used as is.</summary>
/// <remarks>
/// <para>Qc.Core does not read protobuf, so the tensor files are decoded by <paramref name="readTensor"/>: the driver passes
/// <c>Qc.Onnx.OnnxTensors.ReadFile</c>. The folders are listed at construction (numeric order); the tensors are read one sample
/// at a time. The reference outputs (<c>output_N.pb</c>) are not labels and are not read.</para>
/// </remarks>
/// <param name="path">A model folder holding <c>test_data_set_*</c> folders, or one such folder.</param>
/// <param name="readTensor">Decodes one <c>.pb</c> file; its exceptions other than <see cref="DatasetFormatException"/> are wrapped in one.</param>
public sealed partial class OnnxTestDataSource(string path, Func<string, TensorData> readTensor) : IDatasetSource
{
    private readonly Func<string, TensorData> _readTensor = readTensor ?? throw new ArgumentNullException(nameof(readTensor));
    private readonly (string Folder, string[] Inputs)[] _sets = List(path);

    /// <summary>The folders, one per sample, in order.</summary>
    public IReadOnlyList<string> Folders => [.. _sets.Select(s => s.Folder)];

    /// <inheritdoc/>
    public string Description => path;

    /// <inheritdoc/>
    public IReadOnlyList<string?> InputNames => [.. Enumerable.Repeat<string?>(null, _sets[0].Inputs.Length)];

    /// <inheritdoc/>
    public long? Count => _sets.Length;

    /// <inheritdoc/>
    public bool HasLabels => false;

    /// <inheritdoc/>
    public IEnumerable<Sample> ReadSamples()
    {
        for (var n = 0; n < _sets.Length; n++)
        {
            var inputs = new TensorData[_sets[n].Inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                var file = _sets[n].Inputs[i];
                try
                {
                    inputs[i] = _readTensor(file);
                }
                catch (Exception e) when (e is not DatasetFormatException and (FormatException or IOException or InvalidOperationException or ArgumentException))
                {
                    throw new DatasetFormatException(file, $"is not a readable tensor: {e.Message}", e);
                }
            }

            yield return new Sample(n, inputs);
        }
    }

    private static (string, string[])[] List(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Directory.Exists(path))
        {
            throw new DatasetFormatException(path, "is not a folder");
        }

        var folders = SetRegex().IsMatch(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)))
            ? [path]
            : Directory.GetDirectories(path).Where(d => SetRegex().IsMatch(Path.GetFileName(d))).OrderBy(d => Number(SetRegex(), d)).ToArray();
        if (folders.Length == 0)
        {
            throw new DatasetFormatException(path, "has no test_data_set_* folders");
        }

        var sets = new (string, string[])[folders.Length];
        for (var s = 0; s < folders.Length; s++)
        {
            var inputs = Directory.GetFiles(folders[s]).Where(f => InputRegex().IsMatch(Path.GetFileName(f)))
                .OrderBy(f => Number(InputRegex(), f)).ToArray();
            for (var i = 0; i < inputs.Length; i++)
            {
                if (Number(InputRegex(), inputs[i]) != i)
                {
                    throw new DatasetFormatException(folders[s], $"input_{i}.pb is missing (found {string.Join(", ", inputs.Select(Path.GetFileName))})");
                }
            }

            if (inputs.Length == 0)
            {
                throw new DatasetFormatException(folders[s], "has no input_N.pb files");
            }

            if (s > 0 && inputs.Length != sets[0].Item2.Length)
            {
                throw new DatasetFormatException(folders[s], $"has {inputs.Length} inputs but {folders[0]} has {sets[0].Item2.Length}");
            }

            sets[s] = (folders[s], inputs);
        }

        return sets;
    }

    private static int Number(Regex regex, string path) =>
        int.Parse(regex.Match(Path.GetFileName(Path.TrimEndingDirectorySeparator(path))).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^test_data_set_(\d{1,9})$")]
    private static partial Regex SetRegex();

    [GeneratedRegex(@"^input_(\d{1,9})\.pb$")]
    private static partial Regex InputRegex();
}
