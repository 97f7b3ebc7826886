using System.Globalization;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Onnx;
using Xunit.Abstractions;

namespace Qc.Lowering.Tests;

/// <summary>Every ONNX backend node test whose ops lowering supports: lower (vector width 1 and 16), verify, interpret,
/// compare with output_*.pb (rtol 1e-3, atol 1e-5). Prints pass counts per op; an expected-failure list names the
/// known failures and fails when one of them starts passing.</summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private static readonly string[] s_groups = ["node", "pytorch-converted", "pytorch-operator", "simple"];

    [DataFact(TestEnvironment.NodeTestData)]
    public void NodeTestsLowerAndMatchExpectedOutputs()
    {
        TestEnvironment.Require(TestEnvironment.NodeTestData);
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "lowering-expected-failures.txt"))
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var perOp = new SortedDictionary<string, (int Pass, int Fail)>(StringComparer.Ordinal);
        var failures = new List<string>();
        var unexpectedPasses = new List<string>();
        int lowered = 0, unsupported = 0;
        foreach (var folder in CaseFolders())
        {
            var id = $"{Path.GetFileName(Path.GetDirectoryName(folder))}/{Path.GetFileName(folder)}";
            var outcome = Run(folder);
            if (outcome is null)
            {
                unsupported++;
                continue;
            }

            lowered++;
            foreach (var op in outcome.Value.Ops)
            {
                var (p, f) = perOp.GetValueOrDefault(op);
                perOp[op] = outcome.Value.Failure is null ? (p + 1, f) : (p, f + 1);
            }

            if (outcome.Value.Failure is { } why && !expected.Contains(id))
            {
                failures.Add($"{id}: {why}");
            }
            else if (outcome.Value.Failure is null && expected.Contains(id))
            {
                unexpectedPasses.Add(id);
            }
        }

        output.WriteLine($"{lowered} cases lowered, {unsupported} with unsupported ops or forms");
        foreach (var (op, (p, f)) in perOp)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{op,-28} {p,4} pass {f,4} fail"));
        }

        foreach (var f in failures)
        {
            output.WriteLine("FAIL " + f);
        }

        failures.ShouldBeEmpty();
        unexpectedPasses.ShouldBeEmpty("these cases pass now: remove them from lowering-expected-failures.txt");
        lowered.ShouldBeGreaterThan(300);
    }

    /// <summary>Null when the case does not lower (unsupported op or form), else its op types and why it fails (null: passes).</summary>
    /// <remarks>A case whose shapes depend on the values of later inputs (Resize scales, Slice starts, Reshape shapes) is
    /// retried with every input but the first turned into a constant holding the case's data, as a model with
    /// constant operands would have them.</remarks>
    private static (IReadOnlyList<string> Ops, string? Failure)? Run(string folder) =>
        Run(folder, OnnxImporter.Import(Path.Combine(folder, "model.onnx"))) ?? Run(folder, NodeCaseData.ImportWithConstantOperands(folder, Numbered(Path.Combine(folder, "test_data_set_0"), "input")));

    private static (IReadOnlyList<string> Ops, string? Failure)? Run(string folder, ImportResult? imported)
    {
        if (imported?.Module is not { } module || imported.Diagnostics.Any(d => d.IsError))
        {
            return null;
        }

        var ops = module.Main.Ops.Where(o => o is not Ir.Graph.ConstantOp).Select(o => o.Schema.OpType).Distinct().Order(StringComparer.Ordinal).ToList();
        var dataSet = Path.Combine(folder, "test_data_set_0");
        var inputs = Numbered(dataSet, "input").Take(module.Main.Parameters.Count).ToList();
        var expected = Numbered(dataSet, "output");
        if (inputs.Count != module.Main.Parameters.Count || expected.Count != module.Main.Outputs.Count)
        {
            return null;
        }

        string? failure = null;
        foreach (var width in new[] { 1, 16 })
        {
            var result = GraphLowering.Lower(module, new LoweringOptions(VectorWidth: width));
            if (result.Module is not { } kernels)
            {
                var why = result.Diagnostics.First(d => d.IsError);
                if (Environment.GetEnvironmentVariable("QC_LOWERING_WHY") is "1")
                {
                    Console.Error.WriteLine($"UNSUPPORTED {why.Code} {why.Message}");
                }

                return why.Code.Number is LoweringDiagnostics.InvalidKernelModule ? (ops, $"w{width}: {why.Message}") : null;
            }

            var feeds = new Dictionary<string, TensorData>(StringComparer.Ordinal);
            for (var i = 0; i < inputs.Count; i++)
            {
                var buffer = kernels.Buffers.First(b => b.Kind == BufferKind.Input && b.Name == module.Main.Parameters[i].Name);
                feeds[buffer.Name] = Bf16(inputs[i], buffer.ElementType);
            }

            var run = KernelInterpreter.Run(kernels, feeds);
            if (!run.Succeeded)
            {
                return (ops, $"w{width}: interpreter: {run.Diagnostics.First(d => d.IsError).Message}");
            }

            for (var i = 0; i < expected.Count && failure is null; i++)
            {
                var name = module.Main.Outputs[i].Name;
                if (!run.Outputs.TryGetValue(name, out var got))
                {
                    failure = $"w{width}: output '{name}' missing";
                }
                else if (Compare.Mismatch(got, Bf16(expected[i], got.ElementType)) is { } m)
                {
                    failure = $"w{width}: output {i}: {m}";
                }
            }
        }

        return (ops, failure);
    }

    /// <summary>The node tests store bfloat16 data as UINT16 tensors: reinterpret them when bf16 is meant.</summary>
    private static TensorData Bf16(TensorData data, ElementType meant) =>
        data.ElementType == ElementType.U16 && meant == ElementType.BF16 ? TensorData.FromBytes(ElementType.BF16, data.Dims.AsSpan(), data.Data) : data;

    private static IEnumerable<string> CaseFolders() => s_groups
        .Select(g => Path.Combine(TestEnvironment.NodeTestData, g))
        .Where(Directory.Exists)
        .SelectMany(d => Directory.GetDirectories(d, "test_*"))
        .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
        .Order(StringComparer.Ordinal);

    private static List<TensorData> Numbered(string dataSet, string prefix)
    {
        var result = new List<TensorData>();
        for (var i = 0; ; i++)
        {
            var file = Path.Combine(dataSet, string.Create(CultureInfo.InvariantCulture, $"{prefix}_{i}.pb"));
            if (!File.Exists(file))
            {
                return result;
            }

            try
            {
                result.Add(OnnxTensors.ReadFile(file));
            }
            catch (Exception e) when (e is OverflowException or OnnxFormatException or ArgumentException)
            {
                return [];
            }
        }
    }
}
