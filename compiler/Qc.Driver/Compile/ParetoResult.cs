using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Driver.Compile;

/// <summary>Where a point of the sweep stands.</summary>
public enum ParetoStatus
{
    /// <summary>On the front: no other point is at most as large and at most as wrong, and better in one of the two.</summary>
    Front,

    /// <summary>Another point is at most as large and at most as wrong, and better in one of the two.</summary>
    Dominated,

    /// <summary>The allocator found no assignment under this budget (with the recipe's other budgets).</summary>
    Infeasible,
}

/// <summary>One budget of the sweep and the allocation the solver chose under it.</summary>
/// <param name="Index">1-based position in the sweep.</param>
/// <param name="Budget">The size budget in bytes.</param>
/// <param name="Status">Front, dominated or infeasible.</param>
/// <param name="SizeBytes">Stored bytes of the whole model under the allocation (0 when infeasible).</param>
/// <param name="Bops">Bit-ops of the whole model.</param>
/// <param name="Objective">The solver's objective (the recipe's sensitivity formula).</param>
/// <param name="PredictedMse">The additive prediction of the output MSE against fp32.</param>
/// <param name="Choices">The candidate per allocated layer, in layer order (empty when infeasible).</param>
/// <param name="MeasuredMse">With <c>--measure</c>: output MSE against fp32 on the sensitivity subset; else NaN.</param>
/// <param name="Evaluation">With <c>--measure</c> and an <c>evaluate</c> section: the metrics on ONNX Runtime.</param>
public sealed record ParetoPoint(int Index, double Budget, ParetoStatus Status, long SizeBytes, double Bops, double Objective, double PredictedMse,
    ImmutableArray<string> Choices, double MeasuredMse = double.NaN, EvaluationRecord? Evaluation = null)
{
    /// <summary>True when the allocator found an assignment.</summary>
    public bool Feasible => Status != ParetoStatus.Infeasible;
}

/// <summary>The result of a Pareto sweep.</summary>
public sealed record ParetoOutcome(ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The points in budget order.</summary>
    public ImmutableArray<ParetoPoint> Points { get; init; } = [];

    /// <summary>The allocated layers, in the order of <see cref="ParetoPoint.Choices"/>.</summary>
    public ImmutableArray<string> Layers { get; init; } = [];

    /// <summary>fp32 bytes of the weight-bearing layers (<c>fp32.size</c>).</summary>
    public long Fp32Bytes { get; init; }

    /// <summary>The smallest size any allocation reaches (the first budget).</summary>
    public double SmallestBytes { get; init; }

    /// <summary>The largest size an allocation can use, at most <see cref="Fp32Bytes"/> (the last budget).</summary>
    public double LargestBytes { get; init; }

    /// <summary>The accuracy metric of the plot's second axis (<c>top1</c> with labels, else <c>agreement</c>), when measured.</summary>
    public string? AccuracyMetric { get; init; }

    /// <summary>The fp32 value of <see cref="AccuracyMetric"/>, when measured.</summary>
    public double? AccuracyReference { get; init; }

    /// <summary>The CSV written, or null.</summary>
    public string? CsvPath { get; init; }

    /// <summary>The SVG written, or null.</summary>
    public string? SvgPath { get; init; }

    /// <summary>True when there are no errors.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);
}
