using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;

namespace Qc.Compression;

/// <summary>The QC42xx codes of weight compression and the one place their wording lives (specs/diagnostics.md).</summary>
public static class CompressionDiagnostics
{
    /// <summary>QC4201: the op is not a weight-bearing layer qc can compress (or its weight is not a float32 constant).</summary>
    public const int NotWeightBearing = 4201;

    /// <summary>QC4202: the number format's granularity does not fit the layer.</summary>
    public const int FormatIncompatible = 4202;

    /// <summary>QC4203: an N:M pattern is malformed (needs 0 &lt; N &lt; M).</summary>
    public const int InvalidNmPattern = 4203;

    /// <summary>QC4204: the reduced dimension does not divide by M.</summary>
    public const int NmNotDividing = 4204;

    /// <summary>QC4205: a sparsity or pruning fraction is outside its range.</summary>
    public const int SparsityOutOfRange = 4205;

    /// <summary>QC4206: warning: channel pruning left a layer alone (the message says why).</summary>
    public const int ChannelPruningSkipped = 4206;

    /// <summary>QC4207: GPTQ's damped Hessian is not positive definite.</summary>
    public const int HessianNotPositiveDefinite = 4207;

    /// <summary>QC4208: calibration statistics do not fit the layer (length or sample count).</summary>
    public const int StatisticsMismatch = 4208;

    /// <summary>QC4209: the layer's bias cannot be rewritten (a Gemm C that is not a constant per-output vector).</summary>
    public const int BiasNotRewritable = 4209;

    /// <summary>The default location of an op: its node name and op type.</summary>
    internal static Location Locate(Op op) =>
        new NodeLocation(string.Empty, op.Name ?? op.Results.FirstOrDefault()?.Name ?? "?", op.Schema.OpType);

    internal static void ReportNotWeightBearing(DiagnosticBag bag, Location location, Op op, string why) =>
        bag.Error(NotWeightBearing, location, $"'{Name(op)}' ({op.Schema.OpType}) is not a weight-bearing layer qc can compress: {why}",
            "compression applies to Conv, Gemm and MatMul ops whose weight is a float32 constant");

    internal static void ReportFormatIncompatible(DiagnosticBag bag, Location location, string layer, string format, string why, string hint) =>
        bag.Error(FormatIncompatible, location, $"format '{format}' does not fit layer '{layer}': {why}", hint);

    internal static void ReportInvalidNm(DiagnosticBag bag, Location location, int n, int m) =>
        bag.Error(InvalidNmPattern, location, Inv($"N:M pattern {n}:{m} is invalid: N must satisfy 0 < N < M"),
            "use 2:4 or 4:8");

    internal static void ReportNmNotDividing(DiagnosticBag bag, Location location, string layer, long reduced, int m) =>
        bag.Error(NmNotDividing, location, Inv($"N:M sparsity needs the reduced dimension of '{layer}' ({reduced}) to divide by M = {m}"),
            "choose an M that divides it, or exclude the layer from the N:M rule");

    internal static void ReportSparsityOutOfRange(DiagnosticBag bag, Location location, string what, double value, string range) =>
        bag.Error(SparsityOutOfRange, location, Inv($"{what} {value} is outside {range}"), Inv($"give a value in {range}"));

    internal static void ReportChannelPruningSkipped(DiagnosticBag bag, Location location, string layer, string why) =>
        bag.Warning(ChannelPruningSkipped, location, $"channel pruning left '{layer}' unchanged: {why}",
            "channels that feed a residual Add, a Concat, a graph output or an op the rewrite does not understand must be pruned together; exclude the layer or prune it by weights");

    internal static void ReportHessianNotPositiveDefinite(DiagnosticBag bag, Location location, string layer, double damping) =>
        bag.Error(HessianNotPositiveDefinite, location,
            Inv($"GPTQ cannot factor the Hessian of '{layer}': not positive definite even with damping {damping:G3} of its mean diagonal"),
            "calibrate on more (and more varied) samples, or use round-to-nearest for this layer");

    internal static void ReportStatisticsMismatch(DiagnosticBag bag, Location location, string layer, string why) =>
        bag.Error(StatisticsMismatch, location, $"calibration statistics do not fit layer '{layer}': {why}",
            "collect the statistics from the layer's own input (a bug if qc collected them)");

    internal static void ReportBiasNotRewritable(DiagnosticBag bag, Location location, string layer, string why) =>
        bag.Error(BiasNotRewritable, location, $"cannot rewrite the bias of '{layer}': {why}",
            "fold the bias into a constant vector of the output features, or disable bias correction for this layer");

    internal static string Name(Op op) => op.Name ?? op.Results.FirstOrDefault()?.Name ?? "?";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
