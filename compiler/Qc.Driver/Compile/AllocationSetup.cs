using System.Collections.Immutable;
using Qc.Compression;
using Qc.Core.Diagnostics;
using Qc.Formats;
using Qc.Ir.Graph;
using Qc.Planning.Allocation;
using Qc.Recipe.Binding;
using Qc.Recipe.Model;
using Qc.Recipe.Planning;

namespace Qc.Driver.Compile;

/// <summary>Maps the recipe's <c>allocate</c> onto an <see cref="AllocationProblem"/>: every weight-bearing layer is a layer
/// of the problem (so the budgets count the whole model); layers outside <c>over</c> are pinned to their fixed codec (with
/// the allocate choices that fit them as the alternatives the pin excludes, so an infeasible budget names them); budgets from
/// <c>subject_to</c> on <c>size</c> (bytes), <c>bops</c> and <c>latency</c> (seconds of the target's cost model), every candidate
/// priced in all three; ties from <c>tie:</c> among allocated layers.</summary>
internal static class AllocationSetup
{
    /// <summary>The problem, or null with QC4406 when a budget is not a linear upper limit.</summary>
    /// <param name="layers">Every layer, with records for the candidates of allocated ones.</param>
    /// <param name="allocate">The recipe's section.</param>
    /// <param name="module">The model (for ties).</param>
    /// <param name="scale">Per layer and candidate, a factor on the objective (gate rounds); null for 1.</param>
    /// <param name="bag">Receives QC4406.</param>
    /// <param name="cost">The latency model of the recipe's target (prices every candidate's <c>latency</c>).</param>
    /// <param name="float32Bytes">Bytes of weight-bearing ops outside <paramref name="layers"/> (left in float32): the size budget
    /// of the layers is the recipe's minus these.</param>
    /// <param name="float32Seconds">The latency of those ops: the latency budget of the layers is the recipe's minus it.</param>
    public static (AllocationProblem Problem, ImmutableArray<BudgetRecord> Budgets)? Build(IReadOnlyList<CompileLayer> layers, BoundAllocate allocate,
        GraphModule module, Func<int, int, double>? scale, DiagnosticBag bag, CostModel cost, long float32Bytes = 0, double float32Seconds = 0)
    {
        var budgets = new List<AllocationBudget>();
        var budgetRecords = ImmutableArray.CreateBuilder<BudgetRecord>();
        foreach (var formula in allocate.SubjectTo)
        {
            if (QuantityEvaluator.UpperLimit(formula.Expression) is not { } whole)
            {
                bag.Error(CompileCodes.UnsupportedBudget, formula.Location, $"the budget '{formula.Text}' is not an upper limit on one quantity",
                    "write it as 'size <= 0.2 * fp32.size', 'bops <= 1e9' or 'latency <= 2ms': a quantity, '<=' and a constant");
                return null;
            }

            var limit = whole.Resource switch
            {
                "size" => (whole.Resource, Limit: whole.Limit - float32Bytes),
                "latency" => (whole.Resource, Limit: whole.Limit - float32Seconds),
                _ => whole,
            };
            if (budgets.Any(b => b.Resource == limit.Resource))
            {
                var i = budgets.FindIndex(b => b.Resource == limit.Resource);
                if (limit.Limit < budgets[i].Limit)
                {
                    budgets[i] = new AllocationBudget(limit.Resource, limit.Limit, formula.Location);
                }
            }
            else
            {
                budgets.Add(new AllocationBudget(limit.Resource, limit.Limit, formula.Location));
            }

            budgetRecords.Add(new BudgetRecord(formula.Text, whole.Resource, whole.Limit, 0));
        }

        var problemLayers = new List<AllocationLayer>();
        var pins = new List<AllocationPin>();
        for (var l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var candidates = new List<AllocationCandidate>();
            if (layer.Fixed is { } fixedCodec)
            {
                candidates.Add(Candidate(layer, fixedCodec, 0, cost));
                foreach (var codec in FittingChoices(layer, allocate))
                {
                    if (codec.Name != fixedCodec.Name && candidates.All(c => c.Name != codec.Name))
                    {
                        candidates.Add(Candidate(layer, codec, 0, cost));
                    }
                }

                pins.Add(new AllocationPin(layer.Name, [fixedCodec.Name], layer.Plan.WeightsSource.Label, layer.Plan.WeightsSource.Location));
            }
            else
            {
                for (var c = 0; c < layer.Candidates.Count; c++)
                {
                    candidates.Add(Candidate(layer, layer.Candidates[c], layer.Records[c].Objective * (scale?.Invoke(l, c) ?? 1), cost));
                }
            }

            problemLayers.Add(new AllocationLayer(layer.Name, [.. candidates], NodeLocationOf(layer)));
        }

        var ties = Ties(layers, allocate, module);
        return (new AllocationProblem(problemLayers, budgets, ties, pins), budgetRecords.ToImmutable());
    }

    /// <summary>The allocate choices that fit a fixed layer (their costs only; they are pinned out).</summary>
    private static IEnumerable<LayerCodec> FittingChoices(CompileLayer layer, BoundAllocate allocate)
    {
        foreach (var choice in allocate.Choices)
        {
            var formats = choice.Terms.Where(t => t.NumberFormat is not null).Select(t => Resolve(t, layer.Weight)).ToImmutableArray();
            if (LayerCodec.From(choice, formats, LayerCodec.FromPrune(layer.Plan.Prune), layer.Plan.Layer, new DiagnosticBag()) is { } codec
                && codec.StoredBytes(layer.Weight) is not null)
            {
                yield return codec;
            }
        }
    }

    /// <summary>A format term made concrete for a layer as the recipe planner does (specs/recipe.md, "Where scales and groups
    /// run"): per tensor as written, an explicit axis as written, groups along the reduced axis, else per output channel.</summary>
    private static ResolvedFormat Resolve(BoundCall term, WeightLayer layer)
    {
        var format = term.NumberFormat!;
        var granularity = term.Find("granularity")?.Choice;
        var resolved = format.Scale == ScalePrecision.None || granularity == "per_tensor" ? format with { Granularity = PerTensor.Instance }
            : term.Find("axis")?.Number is { } axis ? (granularity == "per_channel" ? format with { Granularity = new PerChannel((int)axis) } : format)
            : format.Granularity is Grouped g && granularity is null ? format with { Granularity = new Grouped(g.Size, layer.InputAxis) }
            : format with { Granularity = new PerChannel(layer.OutputAxis) };
        return new ResolvedFormat(resolved, [], "weight");
    }

    private static AllocationCandidate Candidate(CompileLayer layer, LayerCodec codec, double objective, CostModel cost) =>
        AllocationCandidate.Create(codec.Name, objective,
            ("size", codec.StoredBytes(layer.Weight) ?? 0),
            ("bops", layer.Bops(codec)),
            ("latency", layer.LatencySeconds(codec, cost)),
            ("sensitivity", objective));

    private static NodeLocation NodeLocationOf(CompileLayer layer) => new(string.Empty, layer.Name, layer.Plan.Layer.OpType);

    /// <summary>Tie groups: <c>residual_inputs</c> ties the allocated layers whose outputs reach one Add through ops with a
    /// single data input; <c>shared_weights</c> ties allocated layers reading one weight constant.</summary>
    private static List<AllocationTie> Ties(IReadOnlyList<CompileLayer> layers, BoundAllocate allocate, GraphModule module)
    {
        var allocated = layers.Where(l => l.Fixed is null).ToDictionary(l => l.Weight.Op, l => l.Name);
        var ties = new List<AllocationTie>();
        if (allocate.Tie.Contains("residual_inputs"))
        {
            foreach (var add in module.Main.Ops.Where(o => o.Schema.OpType == "Add"))
            {
                var group = add.Inputs.Select(v => Source(v, allocated)).OfType<string>().Distinct(StringComparer.Ordinal).ToImmutableArray();
                if (group.Length >= 2)
                {
                    ties.Add(new AllocationTie(group, "tie 'residual_inputs' at Add '" + (add.Name ?? add.Result.Name) + "'", allocate.Location));
                }
            }
        }

        if (allocate.Tie.Contains("shared_weights"))
        {
            foreach (var g in layers.Where(l => l.Fixed is null).GroupBy(l => l.Weight.Weight.Name, StringComparer.Ordinal).Where(g => g.Count() >= 2))
            {
                ties.Add(new AllocationTie([.. g.Select(l => l.Name)], $"tie 'shared_weights' on '{g.Key}'", allocate.Location));
            }
        }

        return ties;
    }

    /// <summary>The allocated layer whose output reaches <paramref name="value"/> through single-data-input ops, or null.</summary>
    private static string? Source(Value? value, Dictionary<Op, string> allocated)
    {
        for (var hops = 0; value?.Producer is { } op && hops < 64; hops++)
        {
            if (allocated.TryGetValue(op, out var name))
            {
                return name;
            }

            var data = op.Inputs.Where(v => v is not null && v.Producer is not ConstantOp).ToList();
            if (data.Count != 1)
            {
                return null;
            }

            value = data[0];
        }

        return null;
    }
}
