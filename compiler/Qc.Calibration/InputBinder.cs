using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.OnnxRuntime;

namespace Qc.Calibration;

/// <summary>Maps a dataset's tensors onto a model's inputs and checks every batch against them.</summary>
/// <remarks>Inputs are matched by name when the dataset names them, by position otherwise. A batch tensor must have the
/// declared element type; its dims must match the declared static dims, or, when every declared dim after the batch axis is
/// static and the element counts per sample agree, it is reshaped (an IDX image 1×1×28×28 for an input declared N×784).
/// A static batch dimension fixes the batch size.</remarks>
internal sealed class InputBinder
{
    private readonly OrtValueInfo[] _targets;
    private readonly string _dataPath;

    private InputBinder(OrtValueInfo[] targets, string dataPath, int? fixedBatch)
    {
        _targets = targets;
        _dataPath = dataPath;
        FixedBatch = fixedBatch;
    }

    /// <summary>The batch size a static leading dimension of the inputs imposes, or null.</summary>
    public int? FixedBatch { get; }

    /// <summary>Matches names and counts; null (reported as QC4102) when they disagree.</summary>
    public static InputBinder? Create(IReadOnlyList<OrtValueInfo> modelInputs, IDatasetSource data, string dataPath, DiagnosticBag bag)
    {
        var expected = Describe(modelInputs);
        var names = data.InputNames;
        if (names.Count != modelInputs.Count)
        {
            bag.ReportDataMismatch(dataPath, $"the data has {names.Count} input tensor(s) per sample, the model {modelInputs.Count}", expected);
            return null;
        }

        var targets = new OrtValueInfo[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var target = names[i] is { } name ? modelInputs.FirstOrDefault(m => m.Name == name) : modelInputs[i];
            if (target is null)
            {
                bag.ReportDataMismatch(dataPath, $"the data has an input '{names[i]}' the model does not have", expected);
                return null;
            }

            targets[i] = target;
        }

        int? fixedBatch = null;
        foreach (var t in targets)
        {
            if (t.Dims.Length > 0 && t.Dims[0] > 0)
            {
                fixedBatch = (int)Math.Min(t.Dims[0], int.MaxValue);
            }
        }

        return new InputBinder(targets, dataPath, fixedBatch);
    }

    /// <summary>The feed of one batch; null (reported as QC4102) when a tensor does not fit its input.</summary>
    public Dictionary<string, TensorData>? Bind(Batch batch, DiagnosticBag bag)
    {
        var feed = new Dictionary<string, TensorData>(_targets.Length, StringComparer.Ordinal);
        for (var i = 0; i < _targets.Length; i++)
        {
            var target = _targets[i];
            var tensor = batch.Inputs[i];
            var got = $"{tensor.ElementType.Name()}[{string.Join(",", tensor.Dims)}]";
            var where = $"samples {batch.Start}..{batch.Start + batch.Count - 1}";
            if (tensor.ElementType != target.ElementType)
            {
                bag.ReportDataMismatch(_dataPath, $"input '{target.Name}' of {where} is {got}: element type {tensor.ElementType.Name()}, not {target.ElementType.Name()}",
                    target.ToString());
                return null;
            }

            if (Fit(tensor, target) is not { } fitted)
            {
                bag.ReportDataMismatch(_dataPath, $"input '{target.Name}' of {where} has shape {got}, which does not fit", target.ToString());
                return null;
            }

            feed[target.Name] = fitted;
        }

        return feed;
    }

    private static TensorData? Fit(TensorData tensor, OrtValueInfo target)
    {
        var declared = target.Dims;
        if (declared.Length == 0 || tensor.Rank == 0)
        {
            return tensor;
        }

        if (tensor.Rank == declared.Length && Matches(tensor.Dims.AsSpan(), declared))
        {
            return tensor;
        }

        // Reshape when the per-sample shape is fully static and the element counts agree.
        var rest = declared.AsSpan(1);
        foreach (var d in rest)
        {
            if (d < 0)
            {
                return null;
            }
        }

        var rows = tensor.Dims[0];
        if (declared[0] > 0 && declared[0] != rows)
        {
            return null;
        }

        var perSample = TensorData.ElementCountOf(rest);
        if (rows * perSample != tensor.ElementCount)
        {
            return null;
        }

        return TensorData.FromBytes(tensor.ElementType, [rows, .. rest], tensor.Data);
    }

    private static bool Matches(ReadOnlySpan<long> dims, long[] declared)
    {
        for (var d = 0; d < declared.Length; d++)
        {
            if (declared[d] >= 0 && declared[d] != dims[d])
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(IReadOnlyList<OrtValueInfo> inputs) =>
        inputs.Count == 0 ? "no inputs" : string.Join(", ", inputs.Select(i => i.ToString()));
}
