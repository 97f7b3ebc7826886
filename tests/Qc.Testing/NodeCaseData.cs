using System.Globalization;
using Qc.Core.Tensors;
using Qc.Onnx;
using Qc.OnnxRuntime;

namespace Qc.Testing;

/// <summary>The ONNX backend node test cases: their folders (<c>model.onnx</c> + <c>test_data_set_0/{input,output}_N.pb</c>),
/// ids and data sets.</summary>
public static class NodeCaseData
{
    /// <summary>The corpus folders with usable cases (the others hold real models or non-tensor data).</summary>
    private static readonly string[] s_groups = ["node", "pytorch-converted", "pytorch-operator", "simple"];

    /// <summary>The case folders, each with <c>model.onnx</c>, under the four usable corpus folders, sorted.</summary>
    public static IReadOnlyList<string> CaseFolders(string dataRoot)
    {
        var result = new List<string>();
        foreach (var group in s_groups)
        {
            var dir = Path.Combine(dataRoot, group);
            if (Directory.Exists(dir))
            {
                result.AddRange(Directory.GetDirectories(dir, "test_*").Where(d => File.Exists(Path.Combine(d, "model.onnx"))));
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>The case id <c>folder/case</c>.</summary>
    public static string IdOf(string caseFolder) =>
        $"{Path.GetFileName(Path.GetDirectoryName(caseFolder))}/{Path.GetFileName(caseFolder)}";

    /// <summary>Reads <c>prefix_0.pb</c>, <c>prefix_1.pb</c>, ... in <paramref name="dataSet"/> until one is missing.</summary>
    /// <remarks>
    /// The ONNX 1.12 bfloat16 cases store bfloat16 bits as UINT16 tensors (a quirk of the data); where
    /// <paramref name="declared"/> (the session's inputs or outputs) has bf16 at that position, the bits are reinterpreted
    /// as bf16 so the case tests real bf16 values.
    /// </remarks>
    public static IReadOnlyList<TensorData> ReadNumbered(string dataSet, string prefix, IReadOnlyList<OrtValueInfo> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var result = new List<TensorData>();
        for (var i = 0; ; i++)
        {
            var file = Path.Combine(dataSet, string.Create(CultureInfo.InvariantCulture, $"{prefix}_{i}.pb"));
            if (!File.Exists(file))
            {
                return result;
            }

            var tensor = OnnxTensors.ReadFile(file);
            if (tensor.ElementType == ElementType.U16 && i < declared.Count && declared[i].ElementType == ElementType.BF16)
            {
                tensor = TensorData.FromBytes(ElementType.BF16, tensor.Dims.AsSpan(), tensor.Data);
            }

            result.Add(tensor);
        }
    }
}
