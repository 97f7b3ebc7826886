using System.Globalization;
using Google.Protobuf;
using Onnx;
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

    /// <summary>Imports the case's model with every input but the first turned into a constant holding
    /// <paramref name="inputs"/>[i], as a model with constant operands would have them (for cases whose shapes depend on
    /// the values of later inputs: Resize scales, Slice starts, Reshape shapes); null when the case has fewer than two
    /// inputs or the data does not match them.</summary>
    public static ImportResult? ImportWithConstantOperands(string caseFolder, IReadOnlyList<TensorData> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(caseFolder, "model.onnx")));
        var graph = model.Graph;
        var declared = graph.Input.Where(i => graph.Initializer.All(t => t.Name != i.Name)).ToList();
        if (declared.Count < 2 || inputs.Count != declared.Count)
        {
            return null;
        }

        for (var i = 1; i < declared.Count; i++)
        {
            graph.Input.Remove(declared[i]);
            graph.Initializer.Add(OnnxTensors.FromTensorData(inputs[i], declared[i].Name));
        }

        return OnnxImporter.Import(model.ToByteArray(), "model.onnx", caseFolder);
    }
}
