using System.Collections.Immutable;
using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Qc.Recipe;
using Qc.Recipe.Model;

namespace Qc.Driver;

/// <summary>The <c>check</c> phase: reads a recipe, imports the model it names (with its input pins), binds every key and
/// expression and plans every weight-bearing op, reporting all problems at once. Nothing is compressed.</summary>
public static class RecipeCheck
{
    /// <summary>Runs the phase. Never throws for bad input.</summary>
    /// <param name="recipePath">The recipe file; shown in diagnostics as given.</param>
    /// <param name="options">Environment for <c>${VAR}</c> and the working directory (null: the process's).</param>
    public static RecipeResult Run(string recipePath, RecipeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recipePath);
        return RecipeFrontEnd.Run(recipePath, LoadModel, options);
    }

    /// <summary>Imports the recipe's ONNX model with its pins. When the import fails, the model is imported again without
    /// pins so that the recipe stage can report bad pins at the recipe, with the model's real input names and ranks.</summary>
    public static ModelLoadResult LoadModel(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pins = request.Pins.Select(p => p.Name + "=" + string.Join("x", p.Dims.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        var outcome = ModelImport.Run(request.FullPath, pins);
        var diagnostics = outcome.Diagnostics.Select(d => Relocate(d, request)).ToImmutableArray();
        if (outcome.Success)
        {
            return new ModelLoadResult(outcome.Module, diagnostics, Inputs(outcome.Module!));
        }

        var unpinned = request.Pins.IsEmpty ? null : ModelImport.Run(request.FullPath, []);
        var inputs = unpinned?.Module is { } m ? Inputs(m) : [];
        return new ModelLoadResult(null, diagnostics, inputs);
    }

    private static ImmutableArray<(string Name, int? Rank)> Inputs(GraphModule module) =>
        [.. module.Main.Parameters.Select(p => (p.Name, p.TensorType is { HasRank: true } t ? (int?)t.Rank : null))];

    /// <summary>Shows the model path as the recipe resolved it rather than as an absolute path.</summary>
    private static Diagnostic Relocate(Diagnostic d, ModelRequest request) => d.Location switch
    {
        FileLocation f when f.Path == request.FullPath => d with { Location = f with { Path = request.DisplayPath } },
        NodeLocation n when n.Path == request.FullPath => d with { Location = n with { Path = request.DisplayPath } },
        _ => d,
    };
}
