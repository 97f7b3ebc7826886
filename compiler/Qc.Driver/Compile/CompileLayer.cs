using System.Collections.Immutable;
using Qc.Compression;
using Qc.Formats;
using Qc.Ir.Graph;
using Qc.Recipe.Model;
using Qc.Recipe.Planning;

namespace Qc.Driver.Compile;

/// <summary>One weight-bearing layer during a compile: its plan, its op in the model after pruning, its fixed codec or its
/// allocate candidates with their measured sensitivities, and its calibration statistics.</summary>
internal sealed class CompileLayer(LayerPlan plan, WeightLayer weight)
{
    /// <summary>The recipe's plan for the layer.</summary>
    public LayerPlan Plan { get; } = plan;

    /// <summary>The layer in the model after the recipe's pruning.</summary>
    public WeightLayer Weight { get; set; } = weight;

    /// <summary>The layer name.</summary>
    public string Name => Plan.Layer.Name;

    /// <summary>The codec when <c>allocate</c> does not decide it.</summary>
    public LayerCodec? Fixed { get; set; }

    /// <summary>The allocate candidates that fit the layer (empty for fixed layers).</summary>
    public List<LayerCodec> Candidates { get; } = [];

    /// <summary>The candidate records, in <see cref="Candidates"/> order.</summary>
    public List<CandidateRecord> Records { get; } = [];

    /// <summary>The activation format of input 0 (per tensor), or null for float32.</summary>
    public IntegerFormat? Activation { get; set; }

    /// <summary>The calibrated range of input 0, or null without calibration.</summary>
    public (float Min, float Max)? Range { get; set; }

    /// <summary>Per-channel E[x] of input 0 (bias correction), or empty.</summary>
    public ImmutableArray<double> Mean { get; set; } = [];

    /// <summary>Per-channel E[x²] of input 0 (Hessian proxy), or empty.</summary>
    public ImmutableArray<double> MeanSquare { get; set; } = [];

    /// <summary>The GPTQ Hessian, when a codec of the layer asks for GPTQ.</summary>
    public HessianAccumulator? Hessian { get; set; }

    /// <summary>Multiply-accumulates per run (after pruning).</summary>
    public double Macs { get; set; }

    /// <summary>Bits of the activation the layer reads (for bit-ops).</summary>
    public int ActivationBits => Activation?.CodeBits ?? 32;

    /// <summary>The codecs the compile may apply to this layer.</summary>
    public IEnumerable<LayerCodec> Codecs => Fixed is { } f ? [f, .. Candidates] : Candidates;

    /// <summary>Bit-ops of the layer under a codec.</summary>
    public double Bops(LayerCodec codec) => Macs * codec.WeightBits * ActivationBits * (codec.Sparsity?.Kept ?? 1);

    /// <summary>The cost model's latency estimate of the layer under a codec (its stored bytes, MACs, weight and activation bits).</summary>
    public double LatencySeconds(LayerCodec codec, CostModel cost) =>
        cost.Seconds(codec.StoredBytes(Weight) ?? 0, Macs, codec.WeightBits, ActivationBits);

    /// <summary>The input value the layer reads (input 0).</summary>
    public string InputName => Weight.Op.Input(0)?.Name ?? string.Empty;

    /// <summary>Finds the op of a layer in a module by the layer's name.</summary>
    public static Op? FindOp(GraphModule module, string name) =>
        module.Main.Ops.FirstOrDefault(o => (o.Name ?? o.Result.Name) == name);
}
