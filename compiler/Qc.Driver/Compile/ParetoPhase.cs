using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Planning.Allocation;
using Qc.Recipe.Binding;

namespace Qc.Driver.Compile;

/// <summary><c>qc plan recipe.yaml --pareto</c>: the size budget of the recipe's <c>allocate</c> swept from the smallest size any
/// allocation reaches to the largest one can use (at most <c>fp32.size</c>), each budget solved by the allocator on the
/// cached sensitivities; the front of size against predicted error (and, with <c>--measure</c>, measured accuracy on ONNX
/// Runtime) as <c>pareto.csv</c> and <c>pareto.svg</c>. See specs/compile.md.</summary>
public static class ParetoPhase
{
    /// <summary>Runs the sweep. Never throws for bad input: every problem is a diagnostic.</summary>
    public static ParetoOutcome Run(ParetoRequest request, IProgress<CompileProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bag = new DiagnosticBag();
        var front = RecipeCheck.Run(request.RecipePath, request.RecipeOptions);
        bag.AddRange(front.Diagnostics);
        if (!front.Success || front.Recipe is not { Model: not null } recipe || front.Plan is not { } plan)
        {
            return new ParetoOutcome([.. bag]);
        }

        if (recipe.Allocate is not { } allocate)
        {
            bag.Error(CompileCodes.ParetoNeedsAllocate, new FileLocation(request.RecipePath), "the recipe has no 'allocate' section to sweep",
                "add 'allocate:' with 'over', 'choices' and a size budget, or use 'qc plan' without --pareto");
            return new ParetoOutcome([.. bag]);
        }

        var session = new CompileSession(request.ToCompile(), recipe, plan, bag, progress);
        if (!session.Prepare() || !session.Calibrate() || !session.MeasureSensitivities(sensitivityObjective: true)
            || AllocationSetup.Build(session.Layers, allocate, session.Module, null, bag, session.Cost, session.Float32Bytes, session.Float32Seconds) is not { } built)
        {
            return new ParetoOutcome([.. bag]);
        }

        var problem = built.Problem;
        // Sizes of the problem's layers; the float32 ops outside them are added back for the whole model.
        var offset = session.Float32Bytes;
        var (smallest, largest) = SizeRange(problem);
        largest = Math.Max(smallest, Math.Min(largest, plan.Model.Fp32Size - offset));
        var count = Math.Max(2, request.Points);
        var sizeLocation = problem.Budgets.FirstOrDefault(b => b.Resource == "size")?.Location ?? allocate.Location;
        var others = problem.Budgets.Where(b => b.Resource != "size").ToList();
        var allocated = session.Layers.Where(l => l.Fixed is null).ToList();
        var points = new List<ParetoPoint>();
        AllocationResult? lastFailure = null;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            // Budgets are whole bytes (sizes are), the last one exactly the largest size so that it is always reachable.
            var budget = i == count - 1 ? largest : Math.Floor(smallest + ((largest - smallest) * i / (count - 1)));
            var swept = new AllocationProblem(problem.Layers, [.. others, new AllocationBudget("size", budget, sizeLocation)], problem.Ties, problem.Pins);
            var result = BitAllocator.Allocate(swept);
            if (!result.HasSolution)
            {
                lastFailure = result;
                points.Add(new ParetoPoint(i + 1, budget + offset, ParetoStatus.Infeasible, 0, 0, double.NaN, double.NaN, []));
            }
            else
            {
                var choices = Choices(session, result);
                points.Add(new ParetoPoint(i + 1, budget + offset, ParetoStatus.Front,
                    offset + session.Layers.Sum(l => (l.Fixed ?? choices[l.Name]).StoredBytes(l.Weight) ?? 0),
                    session.Layers.Sum(l => l.Bops(l.Fixed ?? choices[l.Name])),
                    result.Objective, session.Predicted(choices), [.. allocated.Select(l => choices[l.Name].Name)]));
            }

            progress?.Report(new CompileProgress("pareto solve", i + 1, count, watch.Elapsed));
        }

        if (points.All(p => !p.Feasible))
        {
            bag.AddRange(lastFailure!.Diagnostics);
            bag.Error(CompileCodes.ParetoInfeasible, sizeLocation,
                string.Create(CultureInfo.InvariantCulture, $"no budget of the Pareto sweep ({smallest + offset:0} to {largest + offset:0} bytes) is feasible"),
                "the recipe's other budgets or ties leave no allocation; relax them");
            return new ParetoOutcome([.. bag]);
        }

        string? metric = null;
        double? reference = null;
        if (request.Measure)
        {
            if (!Measure(session, recipe, points, bag, progress))
            {
                return new ParetoOutcome([.. bag]);
            }

            if (points.FirstOrDefault(p => p.Evaluation is not null)?.Evaluation is { } evaluated)
            {
                metric = evaluated.Values.ContainsKey("top1") ? "top1" : "agreement";
                reference = metric == "top1" ? evaluated.Values["top1_ref"] : 1.0;
            }
        }

        var outcome = new ParetoOutcome([])
        {
            Points = [.. MarkDominated(points)],
            Layers = [.. allocated.Select(l => l.Name)],
            Fp32Bytes = plan.Model.Fp32Size,
            SmallestBytes = smallest + offset,
            LargestBytes = largest + offset,
            AccuracyMetric = metric,
            AccuracyReference = reference,
        };
        var dir = OutputFiles.Folder(request.OutputDirectory, recipe, request.RecipePath);
        var csv = Path.Combine(dir, "pareto.csv");
        var svg = Path.Combine(dir, "pareto.svg");
        try
        {
            Directory.CreateDirectory(dir);
            OutputFiles.WriteAtomic(csv, System.Text.Encoding.UTF8.GetBytes(ParetoCsv.Write(outcome)));
            OutputFiles.WriteAtomic(svg, System.Text.Encoding.UTF8.GetBytes(ParetoSvg.Write(outcome, recipe.Model.Display)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            bag.Error(CompileCodes.CannotWriteOutput, new FileLocation(dir), "cannot write the outputs: " + e.Message, "pass a writable folder with -o");
            return outcome with { Diagnostics = [.. bag] };
        }

        return outcome with { Diagnostics = [.. bag], CsvPath = csv, SvgPath = svg };
    }

    /// <summary>The smallest and largest total size over the candidates the pins allow (ties ignored: the bounds of the sweep).</summary>
    internal static (double Smallest, double Largest) SizeRange(AllocationProblem problem)
    {
        double smallest = 0, largest = 0;
        foreach (var layer in problem.Layers)
        {
            var pins = problem.Pins.Where(p => p.Layer == layer.Name).ToList();
            var sizes = layer.Candidates.Where(c => pins.All(p => p.Allowed.Contains(c.Name))).Select(c => c.Cost("size")).ToList();
            smallest += sizes.Count == 0 ? 0 : sizes.Min();
            largest += sizes.Count == 0 ? 0 : sizes.Max();
        }

        return (smallest, largest);
    }

    /// <summary>Marks each feasible point dominated when another is at most as large and at most as wrong (predicted), and
    /// strictly better in one of the two.</summary>
    internal static IEnumerable<ParetoPoint> MarkDominated(IReadOnlyList<ParetoPoint> points)
    {
        var feasible = points.Where(p => p.Feasible).ToList();
        foreach (var p in points)
        {
            var dominated = p.Feasible && feasible.Any(q => q.SizeBytes <= p.SizeBytes && q.PredictedMse <= p.PredictedMse
                && (q.SizeBytes < p.SizeBytes || q.PredictedMse < p.PredictedMse));
            yield return dominated ? p with { Status = ParetoStatus.Dominated } : p;
        }
    }

    private static Dictionary<string, LayerCodec> Choices(CompileSession session, AllocationResult result)
    {
        var choices = new Dictionary<string, LayerCodec>(StringComparer.Ordinal);
        for (var l = 0; l < session.Layers.Count; l++)
        {
            if (session.Layers[l].Fixed is null)
            {
                choices[session.Layers[l].Name] = session.Layers[l].Candidates[result.ChoiceIndices[l]];
            }
        }

        return choices;
    }

    /// <summary>Compresses each distinct feasible allocation once and measures it: MSE on the sensitivity subset, and the
    /// recipe's evaluation when it has one. Replaces the points in place; false (reported) on errors.</summary>
    private static bool Measure(CompileSession session, BoundRecipe recipe, List<ParetoPoint> points, DiagnosticBag bag,
        IProgress<CompileProgress>? progress)
    {
        Evaluation? evaluation = null;
        if (recipe.Evaluate is { Data: not null } evaluate && (evaluation = Evaluation.Open(evaluate, session.Fp32Model, bag, progress)) is null)
        {
            return false;
        }

        var allocated = session.Layers.Where(l => l.Fixed is null).ToList();
        var done = new Dictionary<string, (double Mse, EvaluationRecord? Eval)>(StringComparer.Ordinal);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (!p.Feasible)
            {
                continue;
            }

            var key = string.Join("\n", p.Choices);
            if (!done.TryGetValue(key, out var m))
            {
                var choices = allocated.Select((l, k) => (l.Name, Codec: l.Candidates.First(c => c.Name == p.Choices[k])))
                    .ToDictionary(x => x.Name, x => x.Codec, StringComparer.Ordinal);
                if (session.Apply(choices) is not { } model || session.Error(model, choices) is not { } error)
                {
                    return false;
                }

                EvaluationRecord? eval = null;
                if (evaluation is not null && (eval = evaluation.Measure(model, recipe.Model!.Display, bag, progress)) is null)
                {
                    return false;
                }

                m = done[key] = (error.Measured, eval);
            }

            points[i] = p with { MeasuredMse = m.Mse, Evaluation = m.Eval };
        }

        return true;
    }
}
