using System.Collections.Immutable;
using Qc.Recipe.Binding;
using Qc.Recipe.Model;

namespace Qc.Recipe.Planning;

/// <summary>The per-layer plan of a bound recipe: one <see cref="LayerPlan"/> per weight-bearing op, in execution order.
/// Nothing is compressed; the plan says what each later stage will do.</summary>
public sealed class CompressionPlan
{
    internal CompressionPlan(BoundRecipe recipe, ModelFacts model, ImmutableArray<LayerPlan> layers)
    {
        Recipe = recipe;
        Model = model;
        Layers = layers;
    }

    /// <summary>The recipe.</summary>
    public BoundRecipe Recipe { get; }

    /// <summary>The model's facts.</summary>
    public ModelFacts Model { get; }

    /// <summary>The layers in execution order.</summary>
    public ImmutableArray<LayerPlan> Layers { get; }

    /// <summary>The layer with a node, output or weight name, or null.</summary>
    public LayerPlan? Find(string name) => Model.Find(name) is { } facts ? Layers.FirstOrDefault(l => l.Layer == facts) : null;
}
