using System.Globalization;
using Qc.Core.Tensors;
using Qc.Onnx;

namespace Qc.OnnxRuntime.Tests;

/// <summary>Runs one ONNX backend test case folder (<c>model.onnx</c> + <c>test_data_set_0/{input,output}_N.pb</c>) through <see cref="OrtSession"/>.</summary>
internal static class NodeCaseRunner
{
    /// <summary>The case folders, each with <c>model.onnx</c>, under the four usable corpus folders, sorted.</summary>
    public static IReadOnlyList<string> CaseFolders(string dataRoot)
    {
        string[] groups = ["node", "pytorch-converted", "pytorch-operator", "simple"];
        var result = new List<string>();
        foreach (var group in groups)
        {
            var dir = Path.Combine(dataRoot, group);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            result.AddRange(Directory.GetDirectories(dir, "test_*").Where(d => File.Exists(Path.Combine(d, "model.onnx"))));
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>The case id <c>folder/case</c>.</summary>
    public static string IdOf(string caseFolder) =>
        $"{Path.GetFileName(Path.GetDirectoryName(caseFolder))}/{Path.GetFileName(caseFolder)}";

    /// <summary>Loads, runs and compares one case; never throws for a failing case.</summary>
    public static NodeCaseResult Run(string caseFolder)
    {
        var id = IdOf(caseFolder);
        try
        {
            using var session = OrtSession.Open(Path.Combine(caseFolder, "model.onnx"));
            var nonTensors = session.Inputs.Concat(session.Outputs).Where(v => !v.IsTensor).ToList();
            if (nonTensors.Count > 0)
            {
                return new(id, NodeOutcome.Error, $"non-tensor values: {string.Join(", ", nonTensors)}");
            }

            var dataSet = Path.Combine(caseFolder, "test_data_set_0");
            var inputs = ReadNumbered(dataSet, "input", session.Inputs);
            var expected = ReadNumbered(dataSet, "output", session.Outputs);
            if (inputs.Count != session.Inputs.Count)
            {
                return new(id, NodeOutcome.Error, $"the case has {inputs.Count} input files, the session {session.Inputs.Count} inputs");
            }

            if (expected.Count != session.Outputs.Count)
            {
                return new(id, NodeOutcome.Error, $"the case has {expected.Count} output files, the session {session.Outputs.Count} outputs");
            }

            var feeds = new Dictionary<string, TensorData>(StringComparer.Ordinal);
            for (var i = 0; i < inputs.Count; i++)
            {
                feeds[session.Inputs[i].Name] = inputs[i];
            }

            var outputs = session.Run(feeds);
            for (var i = 0; i < expected.Count; i++)
            {
                var name = session.Outputs[i].Name;
                var mismatch = BackendTolerance.Mismatch(outputs[name], expected[i]);
                if (mismatch is not null)
                {
                    return new(id, NodeOutcome.Fail, $"output {i} '{name}': {mismatch}");
                }
            }

            return new(id, NodeOutcome.Pass, string.Empty);
        }
        catch (Exception e) when (e is OrtException or OnnxFormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            var code = e is OrtException o ? $"[{o.ErrorCode}] " : $"[{e.GetType().Name}] ";
            return new(id, NodeOutcome.Error, code + FirstLine(e.Message));
        }
    }

    /// <summary>Reads <c>prefix_0.pb</c>, <c>prefix_1.pb</c>, ... until one is missing.</summary>
    /// <remarks>
    /// The ONNX 1.12 bfloat16 cases store bfloat16 bits as UINT16 tensors (a quirk of the data); where the model declares bf16 at
    /// that position, the bits are reinterpreted as bf16 so the case tests real bf16 values.
    /// </remarks>
    private static List<TensorData> ReadNumbered(string dataSet, string prefix, IReadOnlyList<OrtValueInfo> declared)
    {
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

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        var line = nl < 0 ? message : message[..nl];
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
