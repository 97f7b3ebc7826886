using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Recipe.Binding;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Model;
using Qc.Recipe.Planning;
using Qc.Recipe.Syntax;

namespace Qc.Recipe;

/// <summary>The recipe stage: read (<see cref="RecipeLoader"/>), bind against the registry and the model, and plan the
/// layers. Never throws for bad input; every problem is a diagnostic.</summary>
public static class RecipeFrontEnd
{
    /// <summary>Reads, binds and plans the recipe at <paramref name="path"/>.</summary>
    /// <param name="path">The recipe file, shown in diagnostics as given.</param>
    /// <param name="loader">Loads the model the recipe names; null skips every model-dependent check and the plan.</param>
    /// <param name="options">Environment and working directory.</param>
    public static RecipeResult Run(string path, ModelLoader? loader, RecipeOptions? options = null) =>
        Run(RecipeLoader.Load(path, options), loader);

    /// <summary>Binds and plans a recipe already read.</summary>
    public static RecipeResult Run(RecipeSyntaxResult read, ModelLoader? loader)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Syntax is not { } syntax)
        {
            return new RecipeResult(null, null, null, read.Diagnostics);
        }

        var diagnostics = new RecipeDiagnostics();
        var recipe = Binder.Bind(syntax, loader, diagnostics);
        CompressionPlan? plan = null;
        if (recipe?.ModelFacts is { } model)
        {
            plan = Planner.Plan(recipe, model, diagnostics);
        }

        var later = Order(syntax, diagnostics.ToImmutableArray());
        return new RecipeResult(syntax, recipe, plan, read.Diagnostics.AddRange(later));
    }

    /// <summary>Orders diagnostics by file and position (diagnostics without a recipe location first, in report order).</summary>
    private static IEnumerable<Diagnostic> Order(RecipeSyntax syntax, ImmutableArray<Diagnostic> diagnostics)
    {
        int FileIndex(Diagnostic d) => d.Location is SourceLocation s ? syntax.Files.Select(f => f.Source).ToList().IndexOf(s.Source) : -1;
        int Offset(Diagnostic d) => d.Location is SourceLocation s ? s.Span.Start : -1;
        return diagnostics.Select((d, i) => (d, i)).OrderBy(x => FileIndex(x.d)).ThenBy(x => Offset(x.d)).ThenBy(x => x.i).Select(x => x.d);
    }

    /// <summary>The canonical text of a bound recipe (see <see cref="RecipePrinter"/>).</summary>
    public static string Canonical(BoundRecipe recipe) => RecipePrinter.Print(recipe);

    /// <summary>The diagnostic for an <c>--explain</c> name that is not a weight-bearing op.</summary>
    public static Diagnostic UnknownLayer(CompressionPlan plan, string name)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var diagnostics = new RecipeDiagnostics();
        diagnostics.ReportUnknownLayer(Location.None, name, plan.Model.Layers.Select(l => l.Name));
        return diagnostics.ToImmutableArray()[0];
    }
}
