using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Qc.Core.Diagnostics;
using Qc.Recipe.Binding;
using Qc.Recipe.Planning;

namespace Qc.Driver.Compile;

/// <summary>Builds the outcome of a compile (per-layer records, totals, budgets) and writes <c>&lt;model&gt;.qdq.onnx</c>
/// and <c>plan.json</c> (deterministic bytes: no times, fixed member order, invariant numbers).</summary>
internal static class CompileOutput
{
    /// <summary>The outcome of the chosen round.</summary>
    public static CompileOutcome Build(CompileSession session, BoundRecipe recipe, CompressionPlan plan, GateRounds rounds, GateRounds.Best best)
    {
        var layers = ImmutableArray.CreateBuilder<LayerRecord>();
        var cost = session.Cost;
        foreach (var layer in session.Layers)
        {
            var codec = layer.Fixed ?? best.Choices[layer.Name];
            var bytes = codec.StoredBytes(layer.Weight) ?? 0;
            var facts = layer.Plan.Layer;
            layers.Add(new LayerRecord(layer.Name, facts.OpType, facts.Shape, facts.Params, codec.Name, codec.Format?.ToText(),
                layer.Plan.ActivationsText, layer.Plan.PruneText, bytes, facts.Params * 4, layer.Bops(codec),
                layer.LatencySeconds(codec, cost),
                layer.Fixed is null ? $"allocate (round {best.Record.Round})" : layer.Plan.DecidedBy, layer.Fixed is null, [.. layer.Records]));
        }

        // The allocator counts the layers it decides; the ops left in float32 outside them are added back for the whole model.
        var budgets = rounds.Budgets.Select(b => b with
        {
            Used = best.Usage.GetValueOrDefault(b.Resource) + b.Resource switch
            {
                "size" => session.Float32Bytes,
                "latency" => session.Float32Seconds,
                _ => 0,
            },
        }).ToImmutableArray();
        return new CompileOutcome([])
        {
            Layers = layers.ToImmutable(),
            Rounds = rounds.Records,
            Budgets = budgets,
            Evaluation = best.Record.Evaluation,
            Gate = recipe.Evaluate?.Require?.Text,
            GatePassed = best.Record.GatePassed,
            TotalBytes = layers.Sum(l => l.StoredBytes) + session.Float32Bytes,
            LatencySeconds = layers.Sum(l => l.LatencySeconds) + session.Float32Seconds,
            Fp32LatencySeconds = session.Cost.Fp32Seconds(plan.Model) ?? double.NaN,
            Fp32Bytes = plan.Model.Fp32Size,
        };
    }

    /// <summary>Writes the files; reports QC4409 when they cannot be written.</summary>
    public static CompileOutcome Write(CompileRequest request, BoundRecipe recipe, CompileOutcome outcome, byte[] model, DiagnosticBag bag)
    {
        var dir = OutputFiles.Folder(request.OutputDirectory, recipe, request.RecipePath);
        var stem = Path.GetFileNameWithoutExtension(recipe.Model!.Full);
        var modelPath = Path.Combine(dir, stem + ".qdq.onnx");
        var planPath = Path.Combine(dir, "plan.json");
        try
        {
            Directory.CreateDirectory(dir);
            OutputFiles.WriteAtomic(modelPath, model);
            OutputFiles.WriteAtomic(planPath, Json(request, recipe, outcome, model));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            bag.Error(CompileCodes.CannotWriteOutput, new FileLocation(dir), "cannot write the outputs: " + e.Message, "pass a writable folder with -o");
            return outcome;
        }

        return outcome with { ModelPath = modelPath, PlanPath = planPath };
    }

    /// <summary>The qc version written into plan.json.</summary>
    public static string Version => typeof(CompileOutput).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static byte[] Json(CompileRequest request, BoundRecipe recipe, CompileOutcome o, byte[] model)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "qc-plan");
            w.WriteNumber("version", 1);
            w.WriteString("model", recipe.Model!.Display);
            w.WriteString("target", recipe.Target is { } t ? t.Triple + ":" + t.Cpu : "host");
            w.WriteStartArray("layers");
            foreach (var l in o.Layers)
            {
                Layer(w, l);
            }

            w.WriteEndArray();
            w.WriteStartObject("totals");
            w.WriteNumber("storedBytes", o.TotalBytes);
            w.WriteNumber("fp32Bytes", o.Fp32Bytes);
            w.WriteNumber("ratio", o.Fp32Bytes == 0 ? 0 : (double)o.TotalBytes / o.Fp32Bytes);
            w.WriteNumber("bops", o.Layers.Sum(l => l.Bops));
            Number(w, "latencySeconds", o.LatencySeconds);
            Number(w, "fp32LatencySeconds", o.Fp32LatencySeconds);
            w.WriteNumber("qdqOnnxBytes", model.Length);
            w.WriteEndObject();
            w.WriteStartArray("budgets");
            foreach (var b in o.Budgets)
            {
                w.WriteStartObject();
                w.WriteString("text", b.Text);
                w.WriteString("resource", b.Resource);
                Number(w, "limit", b.Limit);
                Number(w, "used", b.Used);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("rounds");
            foreach (var r in o.Rounds)
            {
                w.WriteStartObject();
                w.WriteNumber("round", r.Round);
                w.WriteStartArray("choices");
                foreach (var c in r.Choices)
                {
                    w.WriteStringValue(c);
                }

                w.WriteEndArray();
                Number(w, "objective", r.Objective);
                Number(w, "predictedMse", r.PredictedMse);
                Number(w, "measuredMse", r.MeasuredMse);
                if (r.Evaluation is { } e)
                {
                    Metrics(w, e);
                }

                w.WriteBoolean("gatePassed", r.GatePassed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (o.Evaluation is { } eval)
            {
                w.WriteStartObject("evaluation");
                w.WriteNumber("samples", eval.Samples);
                Metrics(w, eval);
                w.WriteEndObject();
            }

            w.WriteStartObject("gate");
            if (o.Gate is { } g)
            {
                w.WriteString("require", g);
            }

            w.WriteBoolean("passed", o.GatePassed);
            w.WriteEndObject();
            w.WriteStartObject("provenance");
            w.WriteString("qcVersion", Version);
            w.WriteString("modelSha256", CompileData.Hash(recipe.Model.Full));
            w.WriteString("recipeSha256", CompileData.Hash(Path.GetFullPath(request.RecipePath)));
            if (recipe.Calibration?.Data is { } cal)
            {
                w.WriteString("calibrationDataSha256", CompileData.Hash(cal.Full));
            }

            if (recipe.Evaluate?.Data is { } ev)
            {
                w.WriteString("evaluationDataSha256", CompileData.Hash(ev.Full));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Layer(Utf8JsonWriter w, LayerRecord l)
    {
        w.WriteStartObject();
        w.WriteString("name", l.Name);
        w.WriteString("op", l.OpType);
        w.WriteStartArray("shape");
        foreach (var d in l.Shape)
        {
            w.WriteNumberValue(d);
        }

        w.WriteEndArray();
        w.WriteNumber("params", l.Params);
        w.WriteString("weights", l.Weights);
        if (l.Format is { } f)
        {
            w.WriteString("format", f);
        }

        w.WriteString("activations", l.Activations);
        w.WriteString("prune", l.Prune);
        w.WriteNumber("storedBytes", l.StoredBytes);
        w.WriteNumber("fp32Bytes", l.Float32Bytes);
        Number(w, "bops", l.Bops);
        Number(w, "latencySeconds", l.LatencySeconds);
        w.WriteString("decidedBy", l.DecidedBy);
        if (l.Allocated)
        {
            w.WriteStartArray("candidates");
            foreach (var c in l.Candidates)
            {
                w.WriteStartObject();
                w.WriteString("codec", c.Candidate);
                w.WriteNumber("storedBytes", c.StoredBytes);
                Number(w, "bops", c.Bops);
                Number(w, "latencySeconds", c.LatencySeconds);
                Number(w, "outputMse", c.OutputMse);
                Number(w, "outputKl", c.OutputKl);
                if (c.HessianProxy is { } h)
                {
                    Number(w, "hessianProxy", h);
                }

                Number(w, "objective", c.Objective);
                w.WriteBoolean("chosen", c.Candidate == l.Weights);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Metrics(Utf8JsonWriter w, EvaluationRecord e)
    {
        w.WriteStartObject("metrics");
        foreach (var (k, v) in e.Values)
        {
            Number(w, k, v);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a number; non-finite values (an SQNR of identical outputs) as strings.</summary>
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteString(name, double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf");
        }
    }
}
