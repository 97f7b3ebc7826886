using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Recipe.Binding;

namespace Qc.Driver.Compile;

/// <summary>The recipe's <c>evaluate:</c>: runs the fp32 model once over the evaluation data (its outputs kept for the
/// rounds), then each compressed model, and turns the outputs into the metrics the gate reads.</summary>
internal sealed class Evaluation
{
    private readonly IDatasetSource _data;
    private readonly long? _limit;
    private readonly long _skip;
    private readonly List<float[][]> _reference = [];
    private readonly List<long?[]> _labels = [];

    private Evaluation(IDatasetSource data, long? limit, long skip)
    {
        _data = data;
        _limit = limit;
        _skip = skip;
    }

    /// <summary>The metrics the recipe names.</summary>
    public ImmutableArray<BoundCall> Metrics { get; private init; } = [];

    /// <summary>Opens the data and runs the fp32 model; null (reported) on errors.</summary>
    public static Evaluation? Open(BoundEvaluate evaluate, byte[] fp32Model, DiagnosticBag bag, IProgress<CompileProgress>? progress)
    {
        if (evaluate.Data is not { } path || CompileData.Open(path.Full, path.Display, "evaluation", CompileCodes.BadEvaluationData, bag) is not { } data)
        {
            return null;
        }

        if (evaluate.Skip is { } skip && data.Count is { } count && skip >= count)
        {
            bag.Error(CompileCodes.BadEvaluationData, new FileLocation(path.Display),
                string.Create(CultureInfo.InvariantCulture, $"'evaluate.skip: {skip}' leaves none of the {count} samples of '{path.Display}' to evaluate"),
                "lower 'skip' below the number of samples in the evaluation data");
            return null;
        }

        var evaluation = new Evaluation(data, evaluate.Samples, evaluate.Skip ?? 0) { Metrics = evaluate.Metrics };
        if (!evaluation.Run(fp32Model, "evaluation (fp32)", path.Display, bag, progress, (batch, outputs) =>
            {
                evaluation._reference.Add(outputs);
                evaluation._labels.Add([.. batch.Select(s => s.Label)]);
            }))
        {
            return null;
        }

        if (evaluate.Metrics.Any(m => m.Function.Name is "top1" or "top5") && evaluation._labels.Any(b => b.Any(l => l is null)))
        {
            bag.Warning(CompileCodes.NoLabels, new FileLocation(path.Display), $"'{path.Display}' has no labels: top-1 is measured against the fp32 model's predictions",
                "IDX images take labels from the sibling *-labels-idx1-ubyte file; an .npz from an array named 'labels'");
        }

        return evaluation;
    }

    /// <summary>The metrics of a compressed model: every metric the recipe names with <c>_ref</c> and <c>_drop</c>, plus
    /// agreement, SQNR, cosine and MSE; null (reported) when ONNX Runtime fails.</summary>
    public EvaluationRecord? Measure(byte[] model, string display, DiagnosticBag bag, IProgress<CompileProgress>? progress)
    {
        var metrics = new OutputMetrics();
        var index = 0;
        if (!Run(model, "evaluation", display, bag, progress, (batch, outputs) =>
            {
                metrics.Add(_reference[index], outputs, batch.Count, _labels[index]);
                index++;
            }))
        {
            return null;
        }

        var values = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var name in new[] { "agreement", "sqnr", "cosine", "mse" })
        {
            values[name] = metrics.Metric(name)!.Value.Value;
        }

        if (metrics.HasLabels)
        {
            (values["top1"], values["top1_ref"]) = metrics.Metric("top1")!.Value;
        }

        foreach (var m in Metrics)
        {
            var (value, reference) = metrics.Metric(m.Function.Name)!.Value;
            values[m.Function.Name] = value;
            values[m.Function.Name + "_ref"] = reference;
            values[m.Function.Name + "_drop"] = m.Function.HigherIsBetter ? reference - value : value - reference;
        }

        return new EvaluationRecord(metrics.Samples, values.ToImmutable());
    }

    private bool Run(byte[] model, string stage, string display, DiagnosticBag bag, IProgress<CompileProgress>? progress,
        Action<IReadOnlyList<Sample>, float[][]> onBatch)
    {
        var watch = Stopwatch.StartNew();
        var available = _data.Count is { } n ? Math.Max(0, n - _skip) : (long?)null;
        var total = _limit is { } l ? Math.Min(l, available ?? l) : available;
        long done = 0;
        try
        {
            using var runner = ModelRunner.Open(model);
            progress?.Report(new CompileProgress(stage, 0, total, TimeSpan.Zero));
            runner.RunAll(_data.ReadSamples(_limit is { } limit ? _skip + limit : null).Skip(_skip), (batch, outputs) =>
            {
                onBatch(batch, outputs);
                done += batch.Count;
                progress?.Report(new CompileProgress(stage, done, total, watch.Elapsed));
            });
            return true;
        }
        catch (Exception e) when (e is Qc.OnnxRuntime.OrtException or InvalidDataException or DatasetFormatException or ArgumentException)
        {
            bag.Error(CompileCodes.BadEvaluationData, new FileLocation(display), "cannot evaluate the model: " + e.Message,
                "the evaluation data must fit the model's inputs (check 'evaluate.data' and 'inputs')");
            return false;
        }
    }
}
