using System.Globalization;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;

namespace Qc.Onnx.Tests.Export;

/// <summary>What happened to one node test case on the way import → export → (re-import | ONNX Runtime).</summary>
/// <param name="Id">The case id <c>folder/case</c>.</param>
/// <param name="Imported">Whether the original imported without errors (only those are exported).</param>
/// <param name="PrintFailure">Null when export → import → print equals the original print, else why not.</param>
/// <param name="OriginalOnOrt">Null when the original model matches its expected outputs on ORT, else why not.</param>
/// <param name="ExportedOnOrt">Null when the exported model matches the expected outputs on ORT, else why not.</param>
/// <param name="WithValueInfoOnOrt">The same for the model exported with <see cref="ExportOptions.ValueInfo"/> (every inferred type written).</param>
internal sealed record ExportCaseResult(string Id, bool Imported, string? PrintFailure, string? OriginalOnOrt, string? ExportedOnOrt, string? WithValueInfoOnOrt = null)
{
    /// <summary>The exporter added an ORT failure: the original passes, the export does not.</summary>
    public bool OrtRegressed => Imported && OriginalOnOrt is null && ExportedOnOrt is not null;

    /// <summary>The export with value_info added an ORT failure.</summary>
    public bool ValueInfoRegressed => Imported && OriginalOnOrt is null && WithValueInfoOnOrt is not null;
}

/// <summary>Runs one ONNX backend node test case through import, export, re-import and ONNX Runtime.</summary>
internal static class ExportCaseRunner
{
    /// <summary>The case folders with a <c>model.onnx</c>, sorted.</summary>
    public static IReadOnlyList<string> CaseFolders(string dataRoot) => NodeCaseData.CaseFolders(dataRoot);

    public static ExportCaseResult Run(string caseFolder, bool withOrt)
    {
        var id = NodeCaseData.IdOf(caseFolder);
        var modelPath = Path.Combine(caseFolder, "model.onnx");
        var imported = OnnxImporter.Import(modelPath);
        if (imported.Module is not { } module || imported.Diagnostics.Any(d => d.IsError && d.Code.Number is < 3200 or > 3299))
        {
            return new(id, false, null, null, null);
        }

        var exported = OnnxExporter.Export(module);
        if (!exported.Success)
        {
            var why = "export: " + string.Join("; ", exported.Diagnostics.Where(d => d.IsError).Select(d => d.Code + " " + d.Message));
            return new(id, true, why, withOrt ? RunOnOrt(File.ReadAllBytes(modelPath), caseFolder) : null, why, why);
        }

        var bytes = exported.ToBytes();
        var printFailure = ComparePrints(module, bytes);
        string? original = null, again = null, withValueInfo = null;
        if (withOrt)
        {
            original = RunOnOrt(File.ReadAllBytes(modelPath), caseFolder);
            again = RunOnOrt(bytes, caseFolder);
            withValueInfo = original is null ? RunOnOrt(OnnxExporter.Export(module, new ExportOptions(ValueInfo: true)).ToBytes(), caseFolder) : null;
        }

        return new(id, true, printFailure, original, again, withValueInfo);
    }

    /// <summary>Re-imports exported bytes and compares the IR text with the original's (the module header aside).</summary>
    public static string? ComparePrints(GraphModule original, byte[] exported)
    {
        var back = OnnxImporter.Import(exported, "exported.onnx", null);
        if (back.Module is not { } module)
        {
            return "re-import failed: " + string.Join("; ", back.Diagnostics.Where(d => d.IsError).Select(d => d.Code + " " + d.Message));
        }

        var metadata = original.Metadata;
        original.Metadata = module.Metadata;
        try
        {
            var a = GraphPrinter.Print(original, new PrintOptions(PrintConstants: true));
            var b = GraphPrinter.Print(module, new PrintOptions(PrintConstants: true));
            return a == b ? null : "print differs at " + FirstDifference(a, b);
        }
        finally
        {
            original.Metadata = metadata;
        }
    }

    private static string FirstDifference(string a, string b)
    {
        var la = a.Split('\n');
        var lb = b.Split('\n');
        for (var i = 0; i < Math.Max(la.Length, lb.Length); i++)
        {
            var x = i < la.Length ? la[i] : "<end>";
            var y = i < lb.Length ? lb[i] : "<end>";
            if (x != y)
            {
                return string.Create(CultureInfo.InvariantCulture, $"line {i + 1}: '{Cut(x)}' vs '{Cut(y)}'");
            }
        }

        return "?";
    }

    private static string Cut(string s) => s.Length > 160 ? s[..160] + "..." : s;

    /// <summary>Runs a model on the case's inputs and compares with its expected outputs; null when they match.</summary>
    public static string? RunOnOrt(byte[] model, string caseFolder)
    {
        try
        {
            using var session = OrtSession.Open(model);
            if (session.Inputs.Concat(session.Outputs).Any(v => !v.IsTensor))
            {
                return "non-tensor values";
            }

            var dataSet = Path.Combine(caseFolder, "test_data_set_0");
            var inputs = NodeCaseData.ReadNumbered(dataSet, "input", session.Inputs);
            var expected = NodeCaseData.ReadNumbered(dataSet, "output", session.Outputs);
            if (inputs.Count != session.Inputs.Count || expected.Count != session.Outputs.Count)
            {
                return "input/output count differs from the data set";
            }

            var feeds = new Dictionary<string, TensorData>(StringComparer.Ordinal);
            for (var i = 0; i < inputs.Count; i++)
            {
                feeds[session.Inputs[i].Name] = inputs[i];
            }

            var outputs = session.Run(feeds);
            for (var i = 0; i < expected.Count; i++)
            {
                if (Tolerance.Mismatch(outputs[session.Outputs[i].Name], expected[i]) is { } m)
                {
                    return $"output {i}: {m}";
                }
            }

            return null;
        }
        catch (Exception e) when (e is OrtException or OnnxFormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            var line = e.Message.Split('\n')[0];
            return (e is OrtException ? "ort: " : e.GetType().Name + ": ") + (line.Length > 200 ? line[..200] : line);
        }
    }
}
