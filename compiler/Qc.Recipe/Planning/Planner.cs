using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Recipe.Binding;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Model;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Text;

namespace Qc.Recipe.Planning;

/// <summary>Applies a bound recipe to the model's layers by its precedence, lowest first: the defaults (fp32, no pruning)
/// &lt; <c>quantize</c> &lt; <c>quantize.rules</c> in order &lt; <c>allocate</c> (which decides the weights of the layers in
/// <c>over</c>); <c>prune</c> rules apply in order, later ones winning. Reports what needs the model: selectors that
/// match nothing, rules that later settings fully override, and formats that do not fit the layers they decide.</summary>
internal sealed class Planner
{
    private readonly BoundRecipe _recipe;
    private readonly ModelFacts _model;
    private readonly RecipeDiagnostics _diagnostics;
    private readonly Dictionary<BoundFormula, bool[]> _matches = [];

    private Planner(BoundRecipe recipe, ModelFacts model, RecipeDiagnostics diagnostics)
    {
        _recipe = recipe;
        _model = model;
        _diagnostics = diagnostics;
    }

    /// <summary>Plans a recipe whose model is loaded.</summary>
    public static CompressionPlan Plan(BoundRecipe recipe, ModelFacts model, RecipeDiagnostics diagnostics) =>
        new Planner(recipe, model, diagnostics).Run();

    private CompressionPlan Run()
    {
        var layers = _model.Layers.Select(l => new LayerPlan(l)).ToList();
        var steps = layers.Select(_ => new List<PlanStep>()).ToList();
        var quantize = _recipe.Quantize;
        var rules = quantize?.Rules ?? [];
        var allocate = _recipe.Allocate;
        CheckSelectors(rules, allocate);

        for (var i = 0; i < layers.Count; i++)
        {
            var plan = layers[i];
            var layer = plan.Layer;
            steps[i].Add(new PlanStep(PlanSource.Default, "fp32", "fp32", "-", null));
            if (quantize is not null && (quantize.Weights is not null || quantize.Activations is not null))
            {
                var source = new PlanSource("quantize", quantize.Location);
                if (quantize.Weights is { } w)
                {
                    plan.Weights = w;
                    plan.WeightsSource = source with { Location = w.Location };
                }

                if (quantize.Activations is { } a)
                {
                    plan.Activations = a;
                    plan.ActivationsSource = source with { Location = a.Location };
                }

                steps[i].Add(new PlanStep(source, quantize.Weights?.ToString(), quantize.Activations?.ToString(), null, null));
            }

            foreach (var rule in rules)
            {
                if (!Matches(rule.Match, i))
                {
                    continue;
                }

                var source = new PlanSource(rule.Label, rule.Location);
                if (rule.Weights is { } w)
                {
                    plan.Weights = w;
                    plan.WeightsSource = source;
                }

                if (rule.Activations is { } a)
                {
                    plan.Activations = a;
                    plan.ActivationsSource = source;
                }

                steps[i].Add(new PlanStep(source, rule.Weights?.ToString(), rule.Activations?.ToString(), null, rule.Match.Text));
            }

            if (allocate is not null && Matches(allocate.Over, i))
            {
                plan.Allocated = true;
                plan.Weights = null;
                plan.WeightsSource = new PlanSource("allocate", allocate.Location);
                plan.Candidates = [.. allocate.Choices.Where(c => !CodecFit.Check(c, layer).Any())];
                steps[i].Add(new PlanStep(plan.WeightsSource, plan.WeightsText, null, null, allocate.Over.Text));
            }

            foreach (var prune in _recipe.Prune)
            {
                if (!Matches(prune.Match, i))
                {
                    continue;
                }

                plan.Prune = prune.Pattern;
                plan.PruneMethod = prune.Method;
                plan.PruneSource = new PlanSource(prune.Label, prune.Location);
                steps[i].Add(new PlanStep(plan.PruneSource, null, null, plan.PruneText, prune.Match.Text));
            }

            plan.Steps = [.. steps[i]];
        }

        CheckFit(layers);
        CheckAllocate(layers, allocate);
        CheckShadowed(rules, allocate);
        return new CompressionPlan(_recipe, _model, [.. layers]);
    }

    private bool Matches(BoundFormula selector, int layer) => MatchesOf(selector)[layer];

    private bool[] MatchesOf(BoundFormula selector)
    {
        if (!_matches.TryGetValue(selector, out var result))
        {
            result = [.. _model.Layers.Select(l => selector.Expression.Type == BoundType.Bool && Evaluator.Evaluate(selector.Expression, l) is { IsUnknown: false, Bool: true })];
            _matches[selector] = result;
        }

        return result;
    }

    private void CheckSelectors(ImmutableArray<BoundRule> rules, BoundAllocate? allocate)
    {
        if (_model.Layers.IsEmpty)
        {
            return;
        }

        var selectors = rules.Select(r => r.Match).Concat(_recipe.Prune.Select(p => p.Match));
        if (allocate is not null)
        {
            selectors = selectors.Append(allocate.Over);
        }

        foreach (var selector in selectors)
        {
            if (selector.Expression.Type == BoundType.Bool && !MatchesOf(selector).Any(m => m))
            {
                _diagnostics.ReportSelectorMatchesNothing(selector.Location, selector.Text, NothingHint(selector));
            }
        }
    }

    /// <summary>A hint for a selector that matches nothing: the closest op names to the names it tests, the op types the
    /// model has, or the ranges of the facts it compares.</summary>
    private string NothingHint(BoundFormula selector)
    {
        var strings = new List<(Fact? Fact, string Value)>();
        Collect(selector.Expression, strings);
        var parts = new List<string>();
        foreach (var (fact, value) in strings)
        {
            var candidates = fact switch
            {
                Fact.Weight => _model.Layers.Select(l => l.Weight),
                Fact.Output => _model.Layers.Select(l => l.Output),
                Fact.Op => _model.Layers.Select(l => l.OpType).Distinct(),
                _ => _model.Layers.Select(l => l.Name),
            };
            var list = candidates.ToList();
            if (fact == Fact.Op)
            {
                if (!list.Contains(value))
                {
                    parts.Add($"the model has no weight-bearing '{value}' ops; it has " + string.Join(", ",
                        _model.Layers.GroupBy(l => l.OpType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ({g.Count()})")));
                }

                continue;
            }

            var pattern = TrimRegex(value);
            var nearest = Suggestions.Nearest(pattern, list, 3);
            parts.Add($"closest {(fact == Fact.Weight ? "weight" : fact == Fact.Output ? "output" : "op")} names to '{value}': " +
                string.Join(", ", nearest.Select(n => $"'{n}'")));
        }

        if (parts.Count == 0)
        {
            parts.Add("weight-bearing ops: " + string.Join(", ",
                _model.Layers.GroupBy(l => l.OpType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ({g.Count()})"))
                + $"; params {Format.Int(_model.Layers.Min(l => l.Params))} to {Format.Int(_model.Layers.Max(l => l.Params))}");
        }

        return string.Join("; ", parts);
    }

    private static string TrimRegex(string pattern)
    {
        var s = pattern.TrimStart('^').TrimEnd('$');
        return s.Replace("\\.", ".", StringComparison.Ordinal).Replace(".*", string.Empty, StringComparison.Ordinal).Replace(".+", string.Empty, StringComparison.Ordinal);
    }

    private static void Collect(BoundExpression e, List<(Fact? Fact, string Value)> into)
    {
        switch (e)
        {
            case BoundBinary { Operator: BinaryOperator.Equal or BinaryOperator.In } b:
                {
                    var fact = (b.Left as BoundFact)?.Fact;
                    if (fact is Fact.Op or Fact.Name or Fact.Weight or Fact.Output)
                    {
                        foreach (var v in Strings(b.Right))
                        {
                            into.Add((fact, v));
                        }
                    }

                    Collect(b.Left, into);
                    Collect(b.Right, into);
                    break;
                }

            case BoundBinary b:
                Collect(b.Left, into);
                Collect(b.Right, into);
                break;
            case BoundMatch { Negated: false, Target: BoundFact { Fact: Fact.Name or Fact.Weight or Fact.Output } f } m:
                into.Add((f.Fact, m.Pattern));
                break;
            case BoundUnary u:
                Collect(u.Operand, into);
                break;
        }
    }

    private static IEnumerable<string> Strings(BoundExpression e) => e switch
    {
        BoundLiteral { Value.Type: BoundType.String } l => [l.Value.String!],
        BoundList list => list.Items.SelectMany(Strings),
        _ => [],
    };

    /// <summary>Reports formats and patterns that do not fit the layers they decide (allocate candidates are filtered instead).</summary>
    private void CheckFit(List<LayerPlan> layers)
    {
        var problems = new Dictionary<(Location, string, string), (FitProblem Problem, List<(string Layer, long Value)> Layers)>();
        var order = new List<(Location, string, string)>();
        foreach (var plan in layers)
        {
            var found = new List<FitProblem>();
            if (!plan.Allocated && plan.Weights is { } w && _recipe.Quantize is not { Incomplete: true } && !_recipe.AllocateIncomplete)
            {
                found.AddRange(CodecFit.Check(w, plan.Layer));
            }

            if (plan.Prune is { } p && !_recipe.PruneIncomplete)
            {
                found.AddRange(CodecFit.Check(p, plan.Layer));
            }

            foreach (var problem in found)
            {
                if (!problems.TryGetValue(problem.Key, out var entry))
                {
                    entry = (problem, []);
                    problems[problem.Key] = entry;
                    order.Add(problem.Key);
                }

                entry.Layers.Add((plan.Layer.Name, problem.Value));
            }
        }

        foreach (var key in order)
        {
            var (problem, list) = problems[key];
            if (problem.IsNm)
            {
                _diagnostics.ReportNmNotDivisible(problem.Location, problem.M, list);
            }
            else
            {
                _diagnostics.ReportDoesNotFit(problem.Location, $"'{problem.What}'", problem.Requirement, list, problem.Quantity,
                    "choose a value that fits every layer the setting decides, or add a rule for these layers (for example with 'is_depthwise' or 'reduced')");
            }
        }
    }

    private void CheckAllocate(List<LayerPlan> layers, BoundAllocate? allocate)
    {
        if (allocate is null || allocate.Choices.IsEmpty || _recipe.AllocateIncomplete)
        {
            return;
        }

        var covered = layers.Where(l => l.Allocated).ToList();
        var unfit = covered.Where(l => l.Candidates.IsEmpty).ToList();
        if (unfit.Count > 0)
        {
            var first = unfit[0].Layer;
            var reasons = allocate.Choices.SelectMany(c => CodecFit.Check(c, first).Take(1)).Select(p => p.Describe(first.Name)).ToList();
            _diagnostics.ReportNoChoiceFits(allocate.Over.Location, [.. unfit.Select(l => l.Layer.Name)], reasons);
        }

        if (covered.Count == 0 || unfit.Count > 0)
        {
            return; // with layers that no choice fits, that error says it all
        }

        foreach (var choice in allocate.Choices)
        {
            if (!covered.Any(l => l.Candidates.Contains(choice)))
            {
                _diagnostics.ReportChoiceFitsNothing(choice.Location, CodecPrinter.Print(choice));
            }
        }
    }

    private void CheckShadowed(ImmutableArray<BoundRule> rules, BoundAllocate? allocate)
    {
        // with a rule that failed to bind, what overrides what is unknown
        var quantizeRules = _recipe.Quantize is { Incomplete: true } || _recipe.AllocateIncomplete ? [] : rules;
        for (var r = 0; r < quantizeRules.Length; r++)
        {
            var rule = quantizeRules[r];
            var matches = MatchesOf(rule.Match);
            if (!matches.Any(m => m))
            {
                continue;
            }

            var overriders = new List<(string By, Location Where)>();
            var shadowed = true;
            for (var i = 0; i < matches.Length && shadowed; i++)
            {
                if (!matches[i])
                {
                    continue;
                }

                // every setting the rule makes must be overridden on this op by a later rule or by allocate
                var byWeights = rule.Weights is null ? null : Overrider(rules, r, i, weights: true, allocate);
                var byActivations = rule.Activations is null ? null : Overrider(rules, r, i, weights: false, allocate);
                if ((rule.Weights is not null && byWeights is null) || (rule.Activations is not null && byActivations is null))
                {
                    shadowed = false;
                    continue;
                }

                foreach (var found in new[] { byWeights, byActivations })
                {
                    if (found is { } o && !overriders.Contains(o))
                    {
                        overriders.Add(o);
                    }
                }
            }

            if (shadowed)
            {
                _diagnostics.ReportRuleShadowed(rule.Match.Location, rule.Label, overriders);
            }
        }

        for (var r = 0; r < (_recipe.PruneIncomplete ? 0 : _recipe.Prune.Length); r++)
        {
            var rule = _recipe.Prune[r];
            var matches = MatchesOf(rule.Match);
            if (!matches.Any(m => m))
            {
                continue;
            }

            var overriders = new List<(string By, Location Where)>();
            var shadowed = true;
            for (var i = 0; i < matches.Length && shadowed; i++)
            {
                if (!matches[i])
                {
                    continue;
                }

                var later = _recipe.Prune.Skip(r + 1).LastOrDefault(p => Matches(p.Match, i));
                if (later is null)
                {
                    shadowed = false;
                }
                else if (!overriders.Contains((later.Label, later.Location)))
                {
                    overriders.Add((later.Label, later.Location));
                }
            }

            if (shadowed)
            {
                _diagnostics.ReportRuleShadowed(rule.Match.Location, rule.Label, overriders);
            }
        }
    }

    /// <summary>The last setting after rule <paramref name="r"/> that decides the weights (or activations) of a layer.</summary>
    private (string By, Location Where)? Overrider(ImmutableArray<BoundRule> rules, int r, int layer, bool weights, BoundAllocate? allocate)
    {
        if (weights && allocate is not null && Matches(allocate.Over, layer))
        {
            return ("allocate", allocate.Over.Location);
        }

        var later = rules.Skip(r + 1).LastOrDefault(x => (weights ? x.Weights is not null : x.Activations is not null) && Matches(x.Match, layer));
        return later is null ? null : (later.Label, later.Location);
    }
}
