using System.Collections.Immutable;
using Qc.Recipe.Binding;
using Qc.Recipe.Model;

namespace Qc.Recipe.Planning;

/// <summary>The final plan of one weight-bearing op after all rules: its weight codec (or allocate candidates), activation
/// format and pruning, each with the source that decided it, and the chain of steps that led there.</summary>
public sealed class LayerPlan
{
    internal LayerPlan(LayerFacts layer)
    {
        Layer = layer;
    }

    /// <summary>The layer's facts.</summary>
    public LayerFacts Layer { get; }

    /// <summary>The weight codec; null for fp32 (the default) or when <c>allocate</c> decides.</summary>
    public BoundCodec? Weights { get; internal set; }

    /// <summary>What decided the weights.</summary>
    public PlanSource WeightsSource { get; internal set; } = PlanSource.Default;

    /// <summary>The activation format; null for fp32.</summary>
    public BoundCall? Activations { get; internal set; }

    /// <summary>What decided the activations.</summary>
    public PlanSource ActivationsSource { get; internal set; } = PlanSource.Default;

    /// <summary>The pruning pattern; null for none.</summary>
    public BoundCall? Prune { get; internal set; }

    /// <summary>The pruning method.</summary>
    public string? PruneMethod { get; internal set; }

    /// <summary>What decided the pruning.</summary>
    public PlanSource PruneSource { get; internal set; } = PlanSource.Default;

    /// <summary>True when <c>allocate</c> chooses the weight codec (among <see cref="Candidates"/>).</summary>
    public bool Allocated { get; internal set; }

    /// <summary>The allocate choices that fit this layer.</summary>
    public ImmutableArray<BoundCodec> Candidates { get; internal set; } = [];

    /// <summary>The steps that matched this layer, in precedence order.</summary>
    public ImmutableArray<PlanStep> Steps { get; internal set; } = [];

    /// <summary>The weight codec's number formats made concrete for this layer (axis resolved; see
    /// <see cref="ResolvedFormat"/>); empty for fp32, casts and when <c>allocate</c> decides.</summary>
    public ImmutableArray<ResolvedFormat> WeightFormats => WeightLayout.Weights(Weights, Layer);

    /// <summary>The concrete number formats of each allocate candidate, in <see cref="Candidates"/> order.</summary>
    public ImmutableArray<ImmutableArray<ResolvedFormat>> CandidateFormats => [.. Candidates.Select(c => WeightLayout.Weights(c, Layer))];

    /// <summary>The activation format made concrete (per tensor), or null for fp32 and casts.</summary>
    public ResolvedFormat? ActivationFormat => WeightLayout.Activations(Activations);

    /// <summary>Where the weight scales run, as shown in plans ("-" when there are none or <c>allocate</c> decides).</summary>
    public string ScalesText => Allocated || WeightFormats.IsEmpty ? "-" : string.Join("; ", WeightFormats.Select(f => f.ScalesText));

    /// <summary>The weight setting as shown in plans.</summary>
    public string WeightsText => Allocated
        ? "allocate: candidates [" + string.Join(", ", Candidates.Select(CodecPrinter.Print)) + "]"
        : Weights is null ? "fp32" : CodecPrinter.Print(Weights);

    /// <summary>The activation setting as shown in plans.</summary>
    public string ActivationsText => Activations is null ? "fp32" : CodecPrinter.Print(Activations);

    /// <summary>The pruning setting as shown in plans.</summary>
    public string PruneText => Prune is null ? "-" : PruneMethod is null or "magnitude" ? CodecPrinter.Print(Prune) : $"{CodecPrinter.Print(Prune)} {PruneMethod}";

    /// <summary>The sources of the non-default settings, weights first, without repeats.</summary>
    public string DecidedBy
    {
        get
        {
            var labels = new[] { WeightsSource, ActivationsSource, PruneSource }
                .Where(s => s != PlanSource.Default)
                .Select(s => s.Label)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return labels.Count == 0 ? "default" : string.Join(", ", labels);
        }
    }
}
