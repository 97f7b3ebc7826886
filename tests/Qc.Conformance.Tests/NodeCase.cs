using System.Globalization;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx;

namespace Qc.Conformance.Tests;

/// <summary>One ONNX backend node test: its model, imported, and the tensors of <c>test_data_set_0</c>.</summary>
/// <param name="Id">The case id, <c>folder/test_name</c>.</param>
/// <param name="Folder">The case folder.</param>
internal sealed record NodeCase(string Id, string Folder)
{
    /// <summary>Every case with a model, sorted by id.</summary>
    public static IEnumerable<NodeCase> All() => NodeCaseData.CaseFolders(TestEnvironment.NodeTestData)
        .Select(d => new NodeCase(NodeCaseData.IdOf(d), d))
        .OrderBy(c => c.Id, StringComparer.Ordinal);

    private string DataSet => Path.Combine(Folder, "test_data_set_0");

    /// <summary>The inputs of the data set, in order (empty when one cannot be read).</summary>
    public List<TensorData> Inputs() => Numbered("input");

    /// <summary>The expected outputs, in order (empty when one cannot be read).</summary>
    public List<TensorData> Outputs() => Numbered("output");

    /// <summary>The imported model, or null when the import has errors.</summary>
    public GraphModule? Import() => Module(OnnxImporter.Import(Path.Combine(Folder, "model.onnx")));

    /// <summary>The model with every input but the first turned into a constant holding the case's data, as a model with
    /// constant operands would have them (for cases whose shapes depend on the values of later inputs: Resize scales,
    /// Slice starts, Reshape shapes); null when that does not apply or does not import.</summary>
    public GraphModule? ImportWithConstantOperands() => Module(NodeCaseData.ImportWithConstantOperands(Folder, Inputs()));

    private static GraphModule? Module(ImportResult? result) =>
        result?.Module is { } m && !result.Diagnostics.Any(d => d.IsError) ? m : null;

    /// <summary><c>PREFIX_0.pb</c>, <c>PREFIX_1.pb</c>, ... of the data set; empty when one cannot be read.</summary>
    private List<TensorData> Numbered(string prefix)
    {
        var files = Enumerable.Range(0, 1000).Select(i => Path.Combine(DataSet, string.Create(CultureInfo.InvariantCulture, $"{prefix}_{i}.pb")))
            .TakeWhile(File.Exists);
        try
        {
            return [.. files.Select(OnnxTensors.ReadFile)];
        }
        catch (Exception e) when (e is OverflowException or OnnxFormatException or ArgumentException)
        {
            return [];
        }
    }
}
