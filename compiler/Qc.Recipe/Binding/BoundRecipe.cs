using System.Collections.Immutable;
using Qc.Recipe.Model;
using Qc.Recipe.Syntax;

namespace Qc.Recipe.Binding;

/// <summary>A recipe after binding: every key checked, every expression resolved against the registry and the model.
/// Consumers never reread the YAML.</summary>
public sealed class BoundRecipe
{
    internal BoundRecipe(RecipeSyntax syntax)
    {
        Syntax = syntax;
    }

    /// <summary>The syntax it was bound from.</summary>
    public RecipeSyntax Syntax { get; }

    /// <summary>The format version (<c>qc: 1</c>).</summary>
    public int Version { get; internal set; } = 1;

    /// <summary>The model file.</summary>
    public BoundPath? Model { get; internal set; }

    /// <summary>Input shape pins.</summary>
    public ImmutableArray<BoundInputPin> Inputs { get; internal set; } = [];

    /// <summary>The target, if given.</summary>
    public BoundTarget? Target { get; internal set; }

    /// <summary>The calibration section, if given.</summary>
    public BoundCalibration? Calibration { get; internal set; }

    /// <summary>The quantize section, if given.</summary>
    public BoundQuantize? Quantize { get; internal set; }

    /// <summary>The allocate section, if given.</summary>
    public BoundAllocate? Allocate { get; internal set; }

    /// <summary>The prune rules in order.</summary>
    public ImmutableArray<BoundPruneRule> Prune { get; internal set; } = [];

    /// <summary>True when part of <c>allocate</c> failed to bind (reported), so checks of the final weights are skipped.</summary>
    public bool AllocateIncomplete { get; internal set; }

    /// <summary>True when a prune rule failed to bind (reported), so checks of the final pruning are skipped.</summary>
    public bool PruneIncomplete { get; internal set; }

    /// <summary>The evaluate section, if given.</summary>
    public BoundEvaluate? Evaluate { get; internal set; }

    /// <summary>The output package path, if given.</summary>
    public BoundPath? Output { get; internal set; }

    /// <summary>The model's facts; null when the model could not be loaded.</summary>
    public ModelFacts? ModelFacts { get; internal set; }
}
