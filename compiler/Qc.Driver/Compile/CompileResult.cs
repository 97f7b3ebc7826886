using System.Collections.Immutable;
using Qc.Core.Diagnostics;

namespace Qc.Driver.Compile;

/// <summary>The sensitivities of one allocate candidate of one layer.</summary>
/// <param name="Candidate">The codec text (the candidate name).</param>
/// <param name="StoredBytes">Bytes of the layer under the candidate (weight with metadata, plus the float32 bias).</param>
/// <param name="Bops">MACs × weight bits × activation bits.</param>
/// <param name="OutputMse">MSE of the model outputs with only this layer compressed, against the model before allocation.</param>
/// <param name="OutputKl">Mean KL divergence of the softmaxed outputs, same runs.</param>
/// <param name="HessianProxy">Σ_j E[x_j²]·‖ΔW_:,j‖² with calibration moments; null without calibration statistics.</param>
/// <param name="Objective">The value the allocator minimised (the recipe's <c>sensitivity:</c> formula, or size/bops/latency).</param>
/// <param name="LatencySeconds">The cost model's latency estimate of the layer under the candidate (specs/compile.md, "Cost model").</param>
public sealed record CandidateRecord(string Candidate, long StoredBytes, double Bops, double OutputMse, double OutputKl, double? HessianProxy, double Objective,
    double LatencySeconds = 0);

/// <summary>The final decision for one weight-bearing layer.</summary>
public sealed record LayerRecord(
    string Name,
    string OpType,
    ImmutableArray<long> Shape,
    long Params,
    string Weights,
    string? Format,
    string Activations,
    string Prune,
    long StoredBytes,
    long Float32Bytes,
    double Bops,
    double LatencySeconds,
    string DecidedBy,
    bool Allocated,
    ImmutableArray<CandidateRecord> Candidates);

/// <summary>One budget of the allocation and how much of it the chosen allocation uses.</summary>
public sealed record BudgetRecord(string Text, string Resource, double Limit, double Used);

/// <summary>Measured accuracy of one compressed model.</summary>
/// <param name="Samples">Evaluation samples.</param>
/// <param name="Values">Every metric measured (top1, top1_ref, agreement, sqnr, cosine, mse, ... and the recipe's metrics with
/// <c>_ref</c> and <c>_drop</c>), by name.</param>
public sealed record EvaluationRecord(long Samples, ImmutableSortedDictionary<string, double> Values);

/// <summary>One allocation round: the assignment, its predicted and measured error, and the gate.</summary>
/// <param name="Round">1-based.</param>
/// <param name="Choices">Candidate per allocated layer, in layer order.</param>
/// <param name="Objective">The solver's objective value.</param>
/// <param name="PredictedMse">Output MSE the additive model predicts (allocated layers' <c>output_mse</c> plus the MSE
/// of the model before allocation).</param>
/// <param name="MeasuredMse">Output MSE of the whole compressed model on the same samples.</param>
/// <param name="Evaluation">The evaluation, when the recipe has evaluation data.</param>
/// <param name="GatePassed">Whether <c>require:</c> held (true without a gate).</param>
public sealed record RoundRecord(int Round, ImmutableArray<string> Choices, double Objective, double PredictedMse, double MeasuredMse,
    EvaluationRecord? Evaluation, bool GatePassed);

/// <summary>Wall times of the compile's steps (not written to plan.json, which holds no times).</summary>
public sealed record CompileTimings(TimeSpan Calibration, TimeSpan Sensitivity, TimeSpan Solve, TimeSpan Evaluation, TimeSpan Total, bool CalibrationCached, bool SensitivityCached);

/// <summary>The result of <c>qc compile --emit onnx</c>.</summary>
public sealed record CompileOutcome(ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The per-layer decisions (empty on early errors).</summary>
    public ImmutableArray<LayerRecord> Layers { get; init; } = [];

    /// <summary>The allocation rounds (empty without <c>allocate</c>).</summary>
    public ImmutableArray<RoundRecord> Rounds { get; init; } = [];

    /// <summary>The budgets.</summary>
    public ImmutableArray<BudgetRecord> Budgets { get; init; } = [];

    /// <summary>The evaluation of the written model, when measured.</summary>
    public EvaluationRecord? Evaluation { get; init; }

    /// <summary>The gate as written, or null.</summary>
    public string? Gate { get; init; }

    /// <summary>Whether the gate held (true without one).</summary>
    public bool GatePassed { get; init; } = true;

    /// <summary>Total stored bytes of the weight-bearing layers, and the same at fp32.</summary>
    public long TotalBytes { get; init; }

    /// <summary>fp32 bytes of the weight-bearing layers (<c>fp32.size</c>).</summary>
    public long Fp32Bytes { get; init; }

    /// <summary>The cost model's latency estimate of the compressed model's weight-bearing ops (those left in float32
    /// included), in seconds, for the recipe's target.</summary>
    public double LatencySeconds { get; init; }

    /// <summary>The same estimate at float32 (<c>fp32.latency</c>), or NaN when the model's MACs are unknown.</summary>
    public double Fp32LatencySeconds { get; init; } = double.NaN;

    /// <summary>The QDQ ONNX file written, or null.</summary>
    public string? ModelPath { get; init; }

    /// <summary>The plan.json written, or null.</summary>
    public string? PlanPath { get; init; }

    /// <summary>Step times.</summary>
    public CompileTimings? Timings { get; init; }

    /// <summary>True when there are no errors (a failed gate is an error).</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);
}
