using System.Globalization;
using System.Text;
using System.Text.Json;
using Qc.Core.Diagnostics;
using Qc.Recipe.Binding;
using Qc.Recipe.Text;

namespace Qc.Recipe.Planning;

/// <summary>Prints a plan as an aligned text table (no terminal-width dependency), as JSON, or as the decision chain of
/// one layer (<c>--explain</c>). Output is deterministic.</summary>
public static class PlanPrinter
{
    /// <summary>The plan as a table with a header and a summary.</summary>
    public static string Table(CompressionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        var model = plan.Model;
        sb.Append("plan for ").Append(plan.Recipe.Syntax.Main.Source.Path).Append('\n');
        sb.Append("model ").Append(model.Path).Append(": ").Append(Format.Int(model.Layers.Length)).Append(" weight-bearing ops, ")
            .Append(Format.Count(model.Params)).Append(" params (").Append(Format.Bytes(model.Fp32Size)).Append(" at fp32)");
        if (model.Macs is { } macs)
        {
            sb.Append(", ").Append(Format.Count(macs)).Append(" MACs");
        }

        sb.Append('\n').Append('\n');
        string[] header = ["#", "name", "op", "weight", "params", "weights", "scales", "activations", "prune", "decided by"];
        var rows = plan.Layers.Select(l => new[]
        {
            Format.Int(l.Layer.Index), l.Layer.Name, l.Layer.OpType, Format.Shape(l.Layer.Shape), Format.Int(l.Layer.Params),
            l.WeightsText, l.ScalesText, l.ActivationsText, l.PruneText, l.DecidedBy,
        }).ToList();
        var rightAligned = new[] { true, false, false, false, true, false, false, false, false, false };
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        AppendRow(sb, header, widths, rightAligned);
        foreach (var row in rows)
        {
            AppendRow(sb, row, widths, rightAligned);
        }

        AppendSummary(sb, plan);
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths, bool[] right)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(right[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static void AppendSummary(StringBuilder sb, CompressionPlan plan)
    {
        sb.Append('\n');
        var counts = plan.Layers.GroupBy(l => l.Allocated ? "allocate" : l.WeightsText, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}");
        sb.Append("weights: ").Append(string.Join(", ", counts)).Append('\n');
        var pruned = plan.Layers.Count(l => l.Prune is not null);
        if (pruned > 0)
        {
            sb.Append("pruned: ").Append(Format.Int(pruned)).Append(" layers\n");
        }

        if (plan.Recipe.Allocate is { } a)
        {
            sb.Append("allocate: ").Append(Format.Int(plan.Layers.Count(l => l.Allocated))).Append(" layers, minimize ").Append(a.Minimize);
            if (a.Sensitivity is { } s)
            {
                sb.Append(" (").Append(BoundExpressionPrinter.Print(s.Expression)).Append(')');
            }

            foreach (var c in a.SubjectTo)
            {
                sb.Append(", ").Append(c.Text).Append(Budget(c));
            }

            if (!a.Tie.IsEmpty)
            {
                sb.Append(", tie ").Append(string.Join(", ", a.Tie));
            }

            sb.Append("; candidates are listed: `qc compile` measures their sensitivity and solves the allocation, `qc plan --pareto` sweeps the budget\n");
        }

        if (plan.Recipe.Evaluate is { Require: { } gate })
        {
            sb.Append("gate: ").Append(gate.Text).Append('\n');
        }
    }

    /// <summary>" (= 162.3 KiB)", " (= 1.2 ms)" for a budget whose right side is a constant expression.</summary>
    private static string Budget(BoundFormula constraint)
    {
        if (constraint.Expression is BoundBinary { Left: BoundQuantity q } b && Evaluator.Constant(b.Right) is { Type: BoundType.Number } v
            && b.Right is not BoundLiteral)
        {
            var value = q.Unit switch
            {
                QuantityUnit.Bytes => Format.Bytes(v.Number),
                QuantityUnit.Seconds => Format.Seconds(v.Number),
                _ => Format.Count(v.Number),
            };
            return $" (= {value})";
        }

        return string.Empty;
    }

    /// <summary>The decision chain of one layer, in precedence order.</summary>
    public static string Explain(LayerPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var l = plan.Layer;
        var sb = new StringBuilder();
        sb.Append(l.Name).Append(" (").Append(l.OpType).Append(", weight ").Append(l.Weight).Append(' ').Append(Format.Shape(l.Shape))
            .Append(", ").Append(Format.Int(l.Params)).Append(" params");
        if (l.Macs is { } macs)
        {
            sb.Append(", ").Append(Format.Count(macs)).Append(" MACs");
        }

        sb.Append(", reduced ").Append(Format.Int(l.Reduced)).Append(", depth ").Append(Format.Int(l.Depth));
        if (l.IsFirst)
        {
            sb.Append(", first");
        }

        if (l.IsLast)
        {
            sb.Append(", last");
        }

        if (l.IsDepthwise)
        {
            sb.Append(", depthwise");
        }

        sb.Append(")\n");
        sb.Append("settings that matched, lowest precedence first (prune rules last, in their own order):\n");
        var labels = plan.Steps.Select(s => Where(s.Source)).ToList();
        var width = labels.Max(x => x.Length);
        for (var i = 0; i < plan.Steps.Length; i++)
        {
            var step = plan.Steps[i];
            var sets = new List<string>();
            if (step.Weights is { } w)
            {
                sets.Add("weights " + w);
            }

            if (step.Activations is { } a)
            {
                sets.Add("activations " + a);
            }

            if (step.Prune is { } p)
            {
                sets.Add("prune " + (p == "-" ? "none" : p));
            }

            sb.Append(string.Create(CultureInfo.InvariantCulture, $"  {i + 1,2}. ")).Append(labels[i].PadRight(width)).Append("  ").Append(string.Join(", ", sets));
            if (step.Selector is { } selector)
            {
                sb.Append("   [match: ").Append(selector).Append(']');
            }

            sb.Append('\n');
        }

        sb.Append("final: weights ").Append(plan.WeightsText).Append(" (").Append(plan.WeightsSource.Label).Append("), activations ")
            .Append(plan.ActivationsText).Append(" (").Append(plan.ActivationsSource.Label).Append("), prune ")
            .Append(plan.Prune is null ? "none" : plan.PruneText).Append(" (").Append(plan.PruneSource.Label).Append(")\n");
        return sb.ToString();
    }

    private static string Where(PlanSource source)
    {
        if (source.Location is SourceLocation s)
        {
            var (line, col) = s.Source.GetLineColumn(s.Span.Start);
            return string.Create(CultureInfo.InvariantCulture, $"{source.Label} ({s.Source.Path}:{line}:{col})");
        }

        return source.Label;
    }

    /// <summary>The plan as indented JSON.</summary>
    public static string Json(CompressionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("recipe", plan.Recipe.Syntax.Main.Source.Path);
            w.WriteString("model", plan.Model.Path);
            w.WriteNumber("params", plan.Model.Params);
            w.WriteNumber("fp32Size", plan.Model.Fp32Size);
            if (plan.Model.Macs is { } macs)
            {
                w.WriteNumber("macs", macs);
            }

            w.WriteStartArray("layers");
            foreach (var l in plan.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("index", l.Layer.Index);
                w.WriteString("name", l.Layer.Name);
                w.WriteString("op", l.Layer.OpType);
                w.WriteString("weight", l.Layer.Weight);
                w.WriteStartArray("shape");
                foreach (var d in l.Layer.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteNumber("params", l.Layer.Params);
                if (l.Layer.Macs is { } m)
                {
                    w.WriteNumber("macs", m);
                }

                w.WriteNumber("reduced", l.Layer.Reduced);
                if (l.Allocated)
                {
                    w.WriteNull("weights");
                    w.WriteStartArray("candidates");
                    foreach (var (c, formats) in l.Candidates.Zip(l.CandidateFormats))
                    {
                        w.WriteStartObject();
                        w.WriteString("codec", CodecPrinter.Print(c));
                        WriteFormats(w, formats);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }
                else
                {
                    w.WriteString("weights", l.WeightsText);
                    WriteFormats(w, l.WeightFormats);
                }

                w.WriteString("activations", l.ActivationsText);
                if (l.ActivationFormat is { } af)
                {
                    w.WriteString("activationFormat", af.Format.ToText());
                }
                if (l.Prune is null)
                {
                    w.WriteNull("prune");
                }
                else
                {
                    w.WriteStartObject("prune");
                    w.WriteString("pattern", CodecPrinter.Print(l.Prune));
                    w.WriteString("method", l.PruneMethod);
                    w.WriteEndObject();
                }

                w.WriteStartObject("decidedBy");
                w.WriteString("weights", l.WeightsSource.Label);
                w.WriteString("activations", l.ActivationsSource.Label);
                w.WriteString("prune", l.PruneSource.Label);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>"formats": the concrete number formats with the shape their scales refer to and how it is made.</summary>
    private static void WriteFormats(Utf8JsonWriter w, IReadOnlyList<ResolvedFormat> formats)
    {
        w.WriteStartArray("formats");
        foreach (var f in formats)
        {
            w.WriteStartObject();
            w.WriteString("format", f.Format.ToText());
            w.WriteStartArray("dims");
            foreach (var d in f.Dims)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            w.WriteString("view", f.View);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
