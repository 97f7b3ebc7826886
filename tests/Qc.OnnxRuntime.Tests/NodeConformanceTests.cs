using System.Text;
using Onnx;
using Xunit.Abstractions;

namespace Qc.OnnxRuntime.Tests;

/// <summary>ONNX Runtime, through the binding, against the ONNX 1.12 backend node tests and the explained expected-failure list.</summary>
public sealed class NodeConformanceTests(NodeTestResults fixture, ITestOutputHelper output) : IClassFixture<NodeTestResults>
{
    /// <summary>The operators a CNN/transformer/quantization compiler needs; every case built only from them (plus Constant) must pass at opset 7 and later.</summary>
    private static readonly HashSet<string> s_compilerOps = new(StringComparer.Ordinal)
    {
        "Conv", "ConvTranspose", "Gemm", "MatMul", "BatchNormalization",
        "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Softmax", "LayerNormalization",
        "Relu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Erf",
        "Add", "Mul", "Sub", "Div", "Pow", "Sqrt",
        "Reshape", "Transpose", "Concat", "Flatten", "Squeeze", "Unsqueeze", "Gather", "Slice", "Split", "Pad", "Resize", "Cast",
        "QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul", "MatMulInteger", "ConvInteger", "DynamicQuantizeLinear",
    };

    /// <summary>Causes that may legitimately hit a compiler-op case: ORT kernel gaps for exotic integer types and ORT/reference disagreements (each is printed).</summary>
    private static readonly HashSet<string> s_allowedCompilerOpCauses = new(StringComparer.Ordinal) { "integer-gaps", "semantics-differ", "bfloat16-data" };

    [OrtFact(TestEnvironment.NodeTestData)]
    public void EveryCase_PassesOrIsAnExplainedExpectedFailure()
    {
        TestEnvironment.RequireOrt(TestEnvironment.NodeTestData);
        var list = ExpectedFailureList.Load();
        var results = fixture.Results;
        Assert.True(results.Count > 0, $"no case folders with model.onnx under {TestEnvironment.NodeTestData}");

        var problems = new List<string>();
        var byId = results.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var expectedFailed = list.Causes.ToDictionary(c => c.Id, _ => 0, StringComparer.Ordinal);
        var mayPassPassed = new List<string>();
        foreach (var r in results)
        {
            var listed = list.Entries.TryGetValue(r.Id, out var entry);
            if (!r.Passed && !listed)
            {
                problems.Add($"UNEXPECTED {r.Outcome.ToString().ToUpperInvariant()} {r.Id}: {r.Detail}");
            }
            else if (r.Passed && listed && !entry!.Cause.MayPass)
            {
                problems.Add($"STALE ENTRY {r.Id} ({entry.Cause.Id}): it passes now; delete it from {ExpectedFailureList.FileName}");
            }
            else if (listed && !r.Passed)
            {
                expectedFailed[entry!.Cause.Id]++;
            }
            else if (listed)
            {
                mayPassPassed.Add($"{r.Id} ({entry!.Cause.Id})");
            }
        }

        foreach (var id in list.Entries.Keys.Where(id => !byId.ContainsKey(id)).Order(StringComparer.Ordinal))
        {
            problems.Add($"UNKNOWN ENTRY {id}: no such case folder under {TestEnvironment.NodeTestData}");
        }

        var passed = results.Count(r => r.Passed);
        var report = new StringBuilder();
        report.AppendLine($"ONNX Runtime {OrtLibrary.Version} ({OrtLibrary.LoadedPath}) on {results.Count} cases under {TestEnvironment.NodeTestData}");
        report.AppendLine($"passed {passed}, expected failures {expectedFailed.Values.Sum()}, total {results.Count}");
        foreach (var cause in list.Causes)
        {
            report.AppendLine($"  {cause.Id,-18} {expectedFailed[cause.Id],4}{(cause.MayPass ? "  (may pass)" : string.Empty)}");
        }

        foreach (var group in results.GroupBy(r => r.Id[..r.Id.IndexOf('/', StringComparison.Ordinal)]))
        {
            report.AppendLine($"  folder {group.Key,-18} {group.Count(r => r.Passed)}/{group.Count()} passed");
        }

        if (mayPassPassed.Count > 0)
        {
            report.AppendLine($"listed in [may pass] groups but passed: {string.Join(", ", mayPassPassed)}");
        }

        output.WriteLine(report.ToString());
        if (problems.Count > 0)
        {
            Assert.Fail($"{problems.Count} case(s) disagree with {ExpectedFailureList.FileName}:\n{string.Join("\n", problems)}");
        }
    }

    [OrtFact(TestEnvironment.NodeTestData)]
    public void CompilerOperatorCases_PassAtOpset7AndLater()
    {
        TestEnvironment.RequireOrt(TestEnvironment.NodeTestData);
        var list = ExpectedFailureList.Load();
        var casesPerOp = s_compilerOps.ToDictionary(op => op, _ => (Passed: 0, Total: 0), StringComparer.Ordinal);
        var problems = new List<string>();
        var allowed = new List<string>();
        var familyCases = 0;
        foreach (var r in fixture.Results)
        {
            var ops = CompilerOnlyOps(r.Id, Path.Combine(TestEnvironment.NodeTestData, r.Id, "model.onnx"));
            if (ops is null)
            {
                continue;
            }

            familyCases++;
            foreach (var op in ops)
            {
                var (p, t) = casesPerOp[op];
                casesPerOp[op] = (p + (r.Passed ? 1 : 0), t + 1);
            }

            if (r.Passed)
            {
                continue;
            }

            if (list.Entries.TryGetValue(r.Id, out var entry) && s_allowedCompilerOpCauses.Contains(entry.Cause.Id))
            {
                allowed.Add($"  {r.Id} ({entry.Cause.Id}: {entry.Reason})");
            }
            else
            {
                problems.Add($"{r.Id} uses only compiler operators ({string.Join(", ", ops)}) at opset >= 7 but fails: {r.Detail}");
            }
        }

        foreach (var (op, (passedCount, total)) in casesPerOp.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{op,-22} {passedCount,3}/{total,3} cases passed");
            if (passedCount == 0)
            {
                problems.Add($"{op}: no passing single-family case at opset >= 7, so the operator is untested");
            }
        }

        output.WriteLine($"{familyCases} cases use only compiler operators at opset >= 7; known non-passes allowed by cause:");
        output.WriteLine(allowed.Count == 0 ? "  (none)" : string.Join("\n", allowed));
        if (problems.Count > 0)
        {
            Assert.Fail(string.Join("\n", problems));
        }
    }

    /// <summary>The distinct operators of a model whose main graph has tensor inputs and outputs only, ai.onnx opset 7 or later,
    /// and nodes that are all compiler operators (or Constant); null for any other model.</summary>
    /// <remarks>
    /// The <c>node/</c> cases import the newest version of their operator as of ONNX 1.12, so an import below 7 there means the
    /// operator has not changed since (GlobalAveragePool-1, GlobalMaxPool-1) and counts as current; the opset check is for the
    /// old PyTorch exports in <c>pytorch-*</c>, which use superseded operator versions.
    /// </remarks>
    private static SortedSet<string>? CompilerOnlyOps(string caseId, string modelPath)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if ((opset < 7 && !caseId.StartsWith("node/", StringComparison.Ordinal)) || model.Graph.Input.Concat(model.Graph.Output).Any(v => v.Type?.ValueCase != TypeProto.ValueOneofCase.TensorType))
        {
            return null;
        }

        var ops = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in model.Graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx"))
            {
                return null;
            }

            if (s_compilerOps.Contains(node.OpType))
            {
                ops.Add(node.OpType);
            }
            else if (node.OpType != "Constant")
            {
                return null;
            }
        }

        return ops.Count > 0 ? ops : null;
    }
}
