using System.Collections.Immutable;
using Qc.Ir.Graph;

namespace Qc.Recipe.Model;

/// <summary>The facts a selector can test about one weight-bearing op (Conv, ConvTranspose, Gemm, MatMul with a constant
/// weight). See specs/expressions.md, "Op facts".</summary>
public sealed class LayerFacts
{
    internal LayerFacts(Op op)
    {
        Op = op;
    }

    /// <summary>The op in the graph IR.</summary>
    public Op Op { get; }

    /// <summary>Position among the weight-bearing ops in execution order, from 0.</summary>
    public int Index { get; internal init; }

    /// <summary>The ONNX op type.</summary>
    public required string OpType { get; init; }

    /// <summary>The ONNX node name, or the first output's name when the node has none.</summary>
    public required string Name { get; init; }

    /// <summary>The name of the weight constant.</summary>
    public required string Weight { get; init; }

    /// <summary>The name of the first output.</summary>
    public required string Output { get; init; }

    /// <summary>Names of the inputs that are not constants.</summary>
    public required ImmutableArray<string> Inputs { get; init; }

    /// <summary>The weight's shape.</summary>
    public required ImmutableArray<long> Shape { get; init; }

    /// <summary>Elements of the weight and, when constant, of the bias.</summary>
    public long Params { get; init; }

    /// <summary>Elements of the weight alone.</summary>
    public long WeightElements { get; init; }

    /// <summary>Multiply-accumulates per run, or null when a shape is not static.</summary>
    public long? Macs { get; init; }

    /// <summary>The weight axis of the output channels.</summary>
    public int OutAxis { get; init; }

    /// <summary>Output channels (features).</summary>
    public long OutChannels { get; init; }

    /// <summary>Input channels (features), over all groups.</summary>
    public long InChannels { get; init; }

    /// <summary>Length of the reduction that produces one output element from this weight (C/group·kh·kw for a
    /// convolution, K for a matrix product): the dimension groups, blocks and N:M patterns run along.</summary>
    public long Reduced { get; init; }

    /// <summary>The convolution group count (1 for other ops).</summary>
    public long Group { get; init; } = 1;

    /// <summary>True for a depthwise convolution (group = input channels = output channels, more than 1).</summary>
    public bool IsDepthwise => OpType == "Conv" && Group > 1 && Group == InChannels && Group == OutChannels;

    /// <summary>Weight-bearing ops on the longest path from a graph input to this op, counting this one.</summary>
    public int Depth { get; internal set; }

    /// <summary>True when no weight-bearing op is upstream.</summary>
    public bool IsFirst => Depth == 1;

    /// <summary>True when no weight-bearing op is downstream.</summary>
    public bool IsLast { get; internal set; }

    /// <summary>The op's attributes.</summary>
    public AttributeMap Attributes => Op.Attributes;
}
