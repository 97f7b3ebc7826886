using Qc.Core.Diagnostics;
using Qc.Recipe;
using Qc.Recipe.Planning;

namespace Qc.Driver;

/// <summary>The <c>plan</c> phase: <see cref="RecipeCheck"/>, then the final per-layer plan as a table, as JSON, or as the
/// chain of rules that decided one layer (<c>--explain</c>).</summary>
public static class RecipePlan
{
    /// <summary>Runs the phase. Never throws for bad input.</summary>
    /// <param name="recipePath">The recipe file.</param>
    /// <param name="json">True for JSON, false for the text table.</param>
    /// <param name="explain">A layer name (node, output or weight name) to explain instead of printing the table.</param>
    /// <param name="options">Environment and working directory.</param>
    public static PlanOutcome Run(string recipePath, bool json = false, string? explain = null, RecipeOptions? options = null)
    {
        var result = RecipeCheck.Run(recipePath, options);
        if (!result.Success || result.Plan is not { } plan)
        {
            return new PlanOutcome(null, result.Plan, result.Diagnostics);
        }

        if (explain is not null)
        {
            if (plan.Find(explain) is not { } layer)
            {
                return new PlanOutcome(null, plan, result.Diagnostics.Add(RecipeFrontEnd.UnknownLayer(plan, explain)));
            }

            return new PlanOutcome(PlanPrinter.Explain(layer), plan, result.Diagnostics);
        }

        var text = json ? PlanPrinter.Json(plan) : PlanPrinter.Table(plan);
        return new PlanOutcome(text, plan, result.Diagnostics);
    }
}
