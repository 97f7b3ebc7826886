using Qc.Core.Tensors;
using Qc.Onnx;

namespace Qc.OnnxRuntime.Tests;

/// <summary>Runs one ONNX backend test case folder (<c>model.onnx</c> + <c>test_data_set_0/{input,output}_N.pb</c>) through <see cref="OrtSession"/>.</summary>
internal static class NodeCaseRunner
{
    /// <summary>The case folders, each with <c>model.onnx</c>, under the four usable corpus folders, sorted.</summary>
    public static IReadOnlyList<string> CaseFolders(string dataRoot) => NodeCaseData.CaseFolders(dataRoot);

    /// <summary>Loads, runs and compares one case; never throws for a failing case.</summary>
    public static NodeCaseResult Run(string caseFolder)
    {
        var id = NodeCaseData.IdOf(caseFolder);
        try
        {
            using var session = OrtSession.Open(Path.Combine(caseFolder, "model.onnx"));
            var nonTensors = session.Inputs.Concat(session.Outputs).Where(v => !v.IsTensor).ToList();
            if (nonTensors.Count > 0)
            {
                return new(id, NodeOutcome.Error, $"non-tensor values: {string.Join(", ", nonTensors)}");
            }

            var dataSet = Path.Combine(caseFolder, "test_data_set_0");
            var inputs = NodeCaseData.ReadNumbered(dataSet, "input", session.Inputs);
            var expected = NodeCaseData.ReadNumbered(dataSet, "output", session.Outputs);
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

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        var line = nl < 0 ? message : message[..nl];
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
