using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Planning.Allocation;

namespace Qc.Driver.Compile;

/// <summary>The <c>compile</c> phase with <c>--emit onnx</c>: recipe → import → channel pruning → calibration → sensitivity
/// per (layer, candidate) → allocation (GLPK) → compression (GPTQ or round to nearest, sparsity, activations) → QDQ export
/// → evaluation on ONNX Runtime → accuracy gate, re-solving with a no-good cut while the gate fails (bounded rounds) →
/// <c>&lt;model&gt;.qdq.onnx</c> and <c>plan.json</c>. See specs/compile.md.</summary>
public static class CompilePhase
{
    /// <summary>Runs the phase. Never throws for bad input: every problem is a diagnostic, a failed gate is QC4407.</summary>
    public static CompileOutcome Run(CompileRequest request, IProgress<CompileProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = Stopwatch.StartNew();
        var bag = new DiagnosticBag();
        if (request.Emit == CompileEmit.Package)
        {
            // The package emit (Emit/PackageEmit) runs this phase with --emit onnx first when the recipe compresses.
            return Emit.PackageEmit.Run(new Emit.PackageEmitRequest(request), progress).ToCompileOutcome();
        }

        var front = RecipeCheck.Run(request.RecipePath, request.RecipeOptions);
        bag.AddRange(front.Diagnostics);
        if (!front.Success || front.Recipe is not { Model: not null } recipe || front.Plan is not { } plan)
        {
            return new CompileOutcome([.. bag]);
        }

        var session = new CompileSession(request, recipe, plan, bag, progress);
        if (!session.Prepare() || !session.Calibrate() || !session.MeasureSensitivities())
        {
            return new CompileOutcome([.. bag]);
        }

        Evaluation? evaluation = null;
        var evalTime = Stopwatch.StartNew();
        if (recipe.Evaluate is { } evaluate)
        {
            evaluation = Evaluation.Open(evaluate, session.Fp32Model, bag, progress);
            if (evaluation is null)
            {
                return new CompileOutcome([.. bag]);
            }
        }

        evalTime.Stop();
        var rounds = new GateRounds(session, recipe, evaluation, bag, progress, request.MaxRounds);
        if (rounds.Run() is not { } best)
        {
            return new CompileOutcome([.. bag]);
        }

        var outcome = CompileOutput.Build(session, recipe, plan, rounds, best) with { Diagnostics = [] };
        var timings = new CompileTimings(session.CalibrationTime, session.SensitivityTime, rounds.SolveTime, evalTime.Elapsed + rounds.EvaluationTime,
            total.Elapsed, session.CalibrationCached, session.SensitivityCached);
        outcome = CompileOutput.Write(request, recipe, outcome, best.Model, bag);
        if (!outcome.GatePassed)
        {
            GateFailed(bag, recipe, outcome, rounds.Records.Length);
        }

        return outcome with { Diagnostics = [.. bag], Timings = timings with { Total = total.Elapsed } };
    }

    private static void GateFailed(DiagnosticBag bag, Qc.Recipe.Binding.BoundRecipe recipe, CompileOutcome outcome, int rounds)
    {
        var require = recipe.Evaluate!.Require!;
        var measured = outcome.Evaluation is { } e
            ? string.Join(", ", e.Values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G6}")))
            : "no measurements";
        bag.Error(CompileCodes.GateFailed, require.Location,
            string.Create(CultureInfo.InvariantCulture, $"accuracy gate '{require.Text}' failed after {rounds} round(s): {measured}"),
            recipe.Allocate is null
                ? "choose wider formats in 'quantize', or relax 'require'"
                : "raise the budget in 'subject_to', allow more rounds with --max-rounds, or relax 'require'");
    }
}

/// <summary>The allocate → apply → measure → gate loop: each failed round adds a no-good cut for its assignment and scales
/// the objective of the layers it compressed beyond their best candidate by measured/predicted error.</summary>
internal sealed class GateRounds(CompileSession session, Qc.Recipe.Binding.BoundRecipe recipe, Evaluation? evaluation, DiagnosticBag bag,
    IProgress<CompileProgress>? progress, int maxRounds)
{
    /// <summary>The rounds run.</summary>
    public ImmutableArray<RoundRecord> Records { get; private set; } = [];

    /// <summary>The budgets of the allocation and their use by the written model.</summary>
    public ImmutableArray<BudgetRecord> Budgets { get; private set; } = [];

    /// <summary>Solver wall time over all rounds.</summary>
    public TimeSpan SolveTime { get; private set; }

    /// <summary>Evaluation wall time over all rounds.</summary>
    public TimeSpan EvaluationTime { get; private set; }

    /// <summary>The written round: its choices per allocated layer, model bytes, record.</summary>
    internal sealed record Best(IReadOnlyDictionary<string, LayerCodec> Choices, byte[] Model, RoundRecord Record, ImmutableSortedDictionary<string, double> Usage);

    /// <summary>Runs the rounds; the first that passes, else the one with the least measured error; null on errors.</summary>
    public Best? Run()
    {
        var allocated = session.Layers.Where(l => l.Fixed is null).ToList();
        var scale = new Dictionary<(int, int), double>();
        var cuts = new List<ImmutableArray<string>>();
        var records = ImmutableArray.CreateBuilder<RoundRecord>();
        Best? best = null;
        var rounds = recipe.Allocate is null ? 1 : Math.Max(1, maxRounds);
        for (var round = 1; round <= rounds; round++)
        {
            var choices = new Dictionary<string, LayerCodec>(StringComparer.Ordinal);
            var objective = 0.0;
            var usage = ImmutableSortedDictionary<string, double>.Empty;
            if (recipe.Allocate is { } allocate)
            {
                if (AllocationSetup.Build(session.Layers, allocate, session.Module, (l, c) => scale.GetValueOrDefault((l, c), 1.0), bag, session.Cost,
                    session.Float32Bytes, session.Float32Seconds) is not { } built)
                {
                    return null;
                }

                Budgets = built.Budgets;
                var problem = built.Problem;
                foreach (var cut in cuts)
                {
                    problem = problem.WithCut(cut);
                }

                var result = BitAllocator.Allocate(problem);
                SolveTime += result.SolveTime;
                if (!result.HasSolution)
                {
                    if (round == 1 || best is null)
                    {
                        bag.AddRange(result.Diagnostics);
                        return null;
                    }

                    bag.AddRange(result.Diagnostics.Select(d => d with { Severity = Severity.Warning }));
                    break;
                }

                bag.AddRange(result.Diagnostics);
                objective = result.Objective;
                usage = result.Usage;
                cuts.Add(result.Choices);
                for (var l = 0; l < session.Layers.Count; l++)
                {
                    var layer = session.Layers[l];
                    if (layer.Fixed is null)
                    {
                        choices[layer.Name] = layer.Candidates[result.ChoiceIndices[l]];
                    }
                }
            }

            if (session.Apply(choices) is not { } model || session.Error(model, choices) is not { } error)
            {
                return null;
            }

            var watch = Stopwatch.StartNew();
            EvaluationRecord? eval = null;
            if (evaluation is not null && (eval = evaluation.Measure(model, recipe.Model!.Display, bag, progress)) is null)
            {
                return null;
            }

            EvaluationTime += watch.Elapsed;
            var passed = Gate(eval, choices);
            var record = new RoundRecord(round, [.. allocated.Select(l => choices[l.Name].Name)], objective, error.Predicted, error.Measured, eval, passed);
            records.Add(record);
            progress?.Report(new CompileProgress($"round {round}: " + (passed ? "gate passed" : "gate failed"), 1, 1, TimeSpan.Zero));
            if (best is null || passed || (!best.Record.GatePassed && error.Measured < best.Record.MeasuredMse))
            {
                best = new Best(choices, model, record, usage);
            }

            if (passed)
            {
                break;
            }

            // Tighten: penalize the layers this assignment compressed beyond their best candidate by measured/predicted.
            var factor = error.Predicted > 0 && double.IsFinite(error.Measured) ? Math.Max(1, error.Measured / error.Predicted) : 1;
            for (var l = 0; l < session.Layers.Count; l++)
            {
                var layer = session.Layers[l];
                if (layer.Fixed is null)
                {
                    var c = layer.Candidates.IndexOf(choices[layer.Name]);
                    var min = layer.Records.Min(r => r.Objective);
                    if (layer.Records[c].Objective > min)
                    {
                        scale[(l, c)] = scale.GetValueOrDefault((l, c), 1.0) * factor;
                    }
                }
            }
        }

        Records = records.ToImmutable();
        return best;
    }

    private bool Gate(EvaluationRecord? eval, IReadOnlyDictionary<string, LayerCodec> choices)
    {
        if (recipe.Evaluate?.Require is not { } require || eval is null)
        {
            return true;
        }

        var values = new Dictionary<string, double>(eval.Values, StringComparer.Ordinal)
        {
            ["size"] = session.Float32Bytes + session.Layers.Sum(l => (double)((l.Fixed ?? choices[l.Name]).StoredBytes(l.Weight) ?? 0)),
            ["bops"] = session.Layers.Sum(l => l.Bops(l.Fixed ?? choices[l.Name])),
            ["latency"] = session.Float32Seconds + session.Layers.Sum(l => l.LatencySeconds(l.Fixed ?? choices[l.Name], session.Cost)),
        };
        return QuantityEvaluator.Condition(require.Expression, values) ?? false;
    }
}
