using System.Collections.Immutable;
using System.Diagnostics;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Qc.Onnx;

namespace Qc.Driver;

/// <summary>The outcome of <c>qc import</c>: the module (null on errors), its summary, diagnostics and timing.</summary>
public sealed record ImportOutcome(GraphModule? Module, ModelSummary? Summary, ImmutableArray<Diagnostic> Diagnostics, TimeSpan Elapsed)
{
    /// <summary>True when the model imported without errors.</summary>
    public bool Success => Module is not null && !Diagnostics.Any(d => d.IsError);
}

/// <summary>Imports an ONNX model into graph IR, pins input shapes, infers types, verifies, and summarizes.</summary>
public static class ModelImport
{
    /// <summary>Runs the import phase. Never throws for bad input.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="inputShapes">Input pins such as <c>x=1x3x640x640</c>, as given on the command line.</param>
    public static ImportOutcome Run(string modelPath, IEnumerable<string> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        var watch = Stopwatch.StartNew();
        var bag = new DiagnosticBag();
        var pins = new Dictionary<string, Dim[]>(StringComparer.Ordinal);
        foreach (var text in inputShapes)
        {
            if (ShapeArgument.TryParseShape(text, out var name, out var dims, out var error))
            {
                pins[name] = dims;
            }
            else
            {
                bag.Error(DriverCodes.BadArgument, Location.None, "bad --input-shape: " + error);
            }
        }

        if (bag.HasErrors)
        {
            return new ImportOutcome(null, null, [.. bag], watch.Elapsed);
        }

        var result = OnnxImporter.Import(modelPath, new ImportOptions { InputShapes = pins });
        bag.AddRange(result.Diagnostics);
        if (result.Module is null || bag.HasErrors)
        {
            return new ImportOutcome(null, null, [.. bag], watch.Elapsed);
        }

        GraphVerifier.Verify(result.Module, bag);
        var summary = bag.HasErrors ? null : ModelSummary.Of(result.Module);
        return new ImportOutcome(bag.HasErrors ? null : result.Module, summary, [.. bag], watch.Elapsed);
    }
}
