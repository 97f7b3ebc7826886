using System.Globalization;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Qc.Onnx.Import;

namespace Qc.Onnx.Tests.Conformance;

/// <summary>The stages a conformance case goes through; a case passes when it reaches <see cref="RoundTripped"/>.</summary>
internal enum ConformanceStage
{
    /// <summary>Import reported an error that is not a type inference error (or the module is missing).</summary>
    Failed,

    /// <summary>The model imported without import errors.</summary>
    Imported,

    /// <summary>Inference ran without errors, no op is opaque and every result has a type.</summary>
    Inferred,

    /// <summary>The inferred graph output types agree with the declared ones.</summary>
    Agreed,

    /// <summary>Print, parse and print again give identical text, with and without constants.</summary>
    RoundTripped,
}

/// <summary>The outcome of one conformance case: the last stage reached and, when it fell short, why.</summary>
internal sealed record ConformanceResult(string Case, ConformanceStage Stage, string? Reason)
{
    /// <summary>For every verified module, whatever stage inference reached: null when the text round trip is identical, else why not.</summary>
    public string? RoundTripFailure { get; init; }

    /// <summary>True when the module imported and verified, so its round trip was checked.</summary>
    public bool RoundTripChecked { get; init; }

    public bool Passed => Stage == ConformanceStage.RoundTripped;
}

/// <summary>Runs one ONNX node test model through import, inference, output agreement and the text round trip.</summary>
internal static class ConformanceCase
{
    public static ConformanceResult Run(string name, string path)
    {
        ImportResult result;
        try
        {
            result = OnnxImporter.Import(path);
        }
        catch (Exception e)
        {
            return new(name, ConformanceStage.Failed, $"import threw {e.GetType().Name}: {OneLine(e.Message)}");
        }

        var importErrors = result.Diagnostics.Where(d => d.IsError && d.Code.Number is < 3200 or > 3299).ToList();
        if (result.Module is not { } module || importErrors.Count > 0)
        {
            return new(name, ConformanceStage.Failed, "import: " + Describe(importErrors.FirstOrDefault() ?? result.Diagnostics.FirstOrDefault()));
        }

        var verify = new DiagnosticBag();
        if (!GraphVerifier.Verify(module, verify))
        {
            return new(name, ConformanceStage.Failed, "verifier: " + Describe(verify.First()));
        }

        var rt = RoundTrip(module);
        var r = RunInferenceStages(name, path, module, result);
        return r with { RoundTripChecked = true, RoundTripFailure = rt };
    }

    private static ConformanceResult RunInferenceStages(string name, string path, GraphModule module, ImportResult result)
    {
        if (result.Diagnostics.FirstOrDefault(d => d.IsError) is { } inferenceError)
        {
            return new(name, ConformanceStage.Imported, "inference: " + Describe(inferenceError));
        }

        var opaque = module.Main.AllOps().OfType<OpaqueOp>().Select(o => o.OpType).Distinct().Order(StringComparer.Ordinal).ToList();
        if (opaque.Count > 0)
        {
            var why = result.Diagnostics.FirstOrDefault(d => d.Code.Number is 3040 or 3041 or 3042);
            return new(name, ConformanceStage.Imported, $"opaque {string.Join(", ", opaque)}" + (why is null ? "" : ": " + Describe(why)));
        }

        if (module.Main.AllOps().SelectMany(o => o.Results).FirstOrDefault(r => r.Type is UnknownType) is { } untyped)
        {
            return new(name, ConformanceStage.Imported, $"inference: '{untyped.Name}' of 'graph.{untyped.Producer?.Mnemonic}' has no type");
        }

        if (Disagreement(path, module) is { } disagreement)
        {
            return new(name, ConformanceStage.Inferred, disagreement);
        }

        return new(name, ConformanceStage.RoundTripped, null);
    }

    /// <summary>Compares declared and inferred graph output types strictly: a declared static dim must be inferred static and equal.</summary>
    private static string? Disagreement(string path, GraphModule module)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var outputs = module.Main.Outputs;
        for (var i = 0; i < model.Graph.Output.Count && i < outputs.Count; i++)
        {
            var declared = OnnxValueTypes.ToIrType(model.Graph.Output[i].Type, out _);
            var inferred = outputs[i].Type;
            if (Mismatch(declared, inferred) is { } what)
            {
                var name = model.Graph.Output[i].Name;
                return DataDependence(outputs[i]) is { } why
                    ? $"output '{name}' {why}: declared {declared}, inferred {inferred}"
                    : $"output '{name}' declared {declared}, inferred {inferred} ({what})";
            }
        }

        return null;
    }

    private static readonly HashSet<string> s_dataDependentOps = new(StringComparer.Ordinal)
    {
        "non_zero", "unique", "non_max_suppression", "compress", "string_normalizer",
    };

    /// <summary>Explains an output whose shape cannot be known before running the model: its producer reads a graph input as
    /// a shape-like operand (any input after the first, or an integer input), an op upstream reads an integer graph input,
    /// or the op's result size depends on the data.</summary>
    private static string? DataDependence(Value output)
    {
        if (output.Producer is not { } producer || output.Type is TensorType { IsStatic: true })
        {
            return null;
        }

        static bool IsInteger(Value v) => v.Type is TensorType { ElementType: Core.Tensors.ElementType.I64 or Core.Tensors.ElementType.I32 };
        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Op> { producer };
        var queue = new Queue<Op>([producer]);
        while (queue.TryDequeue(out var op))
        {
            for (var i = 0; i < op.Inputs.Count; i++)
            {
                if (op.Inputs[i] is not { } v)
                {
                    continue;
                }

                if (v.Producer is null && (IsInteger(v) || (op == producer && i >= 1)))
                {
                    inputs.Add("'" + v.Name + "'");
                }
                else if (v.Producer is { } p && seen.Add(p))
                {
                    queue.Enqueue(p);
                }
            }
        }

        if (inputs.Count > 0)
        {
            return $"has a shape that depends on the value of graph input {string.Join(", ", inputs)} ('graph.{producer.Mnemonic}')";
        }

        return s_dataDependentOps.Contains(producer.Mnemonic) ? $"has a data-dependent shape ('graph.{producer.Mnemonic}')" : null;
    }

    private static string? Mismatch(IrType declared, IrType inferred)
    {
        switch (declared, inferred)
        {
            case (UnknownType, _):
                return null;
            case (_, UnknownType):
                return "no inferred type";
            case (TensorType d, TensorType i):
                if (d.ElementType != i.ElementType && d.ElementType != Core.Tensors.ElementType.Unknown)
                {
                    return "element type";
                }

                if (d.Dims is not { } dd)
                {
                    return null;
                }

                if (i.Dims is not { } id)
                {
                    return "rank not inferred";
                }

                if (dd.Length != id.Length)
                {
                    return "rank";
                }

                for (var k = 0; k < dd.Length; k++)
                {
                    if (dd[k].IsStatic && dd[k].Value != id[k].Value)
                    {
                        return "dim " + k.ToString(CultureInfo.InvariantCulture);
                    }
                }

                return null;
            case (SequenceType d, SequenceType i):
                return Mismatch(d.Element, i.Element);
            case (OptionalType d, OptionalType i):
                return Mismatch(d.Element, i.Element);
            default:
                return "kind";
        }
    }

    /// <summary>Print, parse, print with default options and with constants; null when both round trips are exact.</summary>
    public static string? RoundTrip(GraphModule module)
    {
        foreach (var options in new[] { new PrintOptions(), new PrintOptions(PrintConstants: true) })
        {
            var text = GraphPrinter.Print(module, options);
            ParseResult parsed;
            try
            {
                parsed = GraphParser.Parse(text, "roundtrip.qir");
            }
            catch (Exception e)
            {
                return $"parser threw {e.GetType().Name}: {OneLine(e.Message)}";
            }

            if (parsed.Module is null || parsed.Diagnostics.Any(d => d.IsError))
            {
                return "parse error " + Describe(parsed.Diagnostics.FirstOrDefault(d => d.IsError));
            }

            var again = GraphPrinter.Print(parsed.Module, options);
            if (again != text)
            {
                var a = text.Split('\n');
                var b = again.Split('\n');
                var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(k => a[k] != b[k], Math.Min(a.Length, b.Length));
                var what = options.PrintConstants ? " (with constants)" : "";
                return $"text differs{what} at line {line + 1}: '{Clip(line < a.Length ? a[line] : "")}' vs '{Clip(line < b.Length ? b[line] : "")}'";
            }
        }

        return null;
    }

    private static string Describe(Diagnostic? d) => d is null ? "no diagnostic" : $"{d.Code} {OneLine(d.Message)}";

    private static string OneLine(string s) => Clip(s.Replace('\n', ' ').Replace('\r', ' '));

    private static string Clip(string s) => s.Length > 160 ? s[..160] + "..." : s;
}
