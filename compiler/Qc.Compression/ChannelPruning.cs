using System.Collections.Immutable;
using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Compression;

/// <summary>Channel pruning with physical removal: deletes the lowest-norm output channels of a Conv or Gemm and rewires
/// the graph so every shape stays consistent.</summary>
/// <remarks>
/// From the producer's output (channel axis 1) the rewrite follows the channels through ops it understands:
/// BatchNormalization in inference mode (its four vectors lose the same entries), channel-wise activations (Relu,
/// LeakyRelu, Sigmoid, Tanh, Elu, Selu, Celu, HardSigmoid, HardSwish, Softplus, Softsign, Gelu, Mish,
/// ThresholdedRelu, Identity, Clip with constant scalar bounds, Dropout), pooling (MaxPool, AveragePool, LpPool and
/// their global forms) and Flatten(axis = 1), after which a channel is a block of H·W features. It ends at consumers
/// that lose the matching inputs: Conv (group 1; weight axis 1), Gemm (transA = 0; the K columns or column blocks) and
/// MatMul with a constant 2-D weight (rows). If any path reaches something else (a residual Add, Concat, Reshape, a
/// graph output, a subgraph, a grouped conv, ...) nothing is changed and QC4206 says why. After the rewrite it re-runs
/// <see cref="TypeInference"/> and <see cref="GraphVerifier"/>; their diagnostics go to the caller's bag.
/// </remarks>
public static class ChannelPruning
{
    private static readonly HashSet<string> s_activations = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Selu", "Celu", "HardSigmoid", "HardSwish", "Softplus", "Softsign",
        "Gelu", "Mish", "ThresholdedRelu", "Identity",
    };

    private static readonly HashSet<string> s_pools = new(StringComparer.Ordinal)
    {
        "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool",
    };

    /// <summary>Removes <c>floor(fraction·M)</c> output channels of <paramref name="producer"/> with the smallest
    /// <paramref name="norm"/> (ties: the lower index goes first).</summary>
    /// <returns>The outcome; null with QC4201 (not a layer) or QC4205 (fraction outside [0, 1)).</returns>
    public static ChannelPruningResult? Run(GraphModule module, Op producer, double fraction, ChannelNorm norm, DiagnosticBag diagnostics,
        Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var where = location ?? CompressionDiagnostics.Locate(producer);
        if (!(fraction >= 0 && fraction < 1))
        {
            CompressionDiagnostics.ReportSparsityOutOfRange(diagnostics, where, "channel pruning fraction", fraction, "[0, 1)");
            return null;
        }

        if (!WeightLayer.TryCreate(producer, diagnostics, out var layer, where))
        {
            return null;
        }

        var remove = (int)Math.Floor(fraction * layer.Rows);
        if (remove == 0)
        {
            return new ChannelPruningResult(false, "the fraction removes no channel", [], [.. Enumerable.Range(0, layer.Rows)], 0, []);
        }

        var plan = new List<Edit>();
        var why = PlanProducer(module, layer, plan) ?? Trace(module, layer, plan);
        if (why is not null)
        {
            CompressionDiagnostics.ReportChannelPruningSkipped(diagnostics, where, layer.Name, why);
            return new ChannelPruningResult(false, why, [], [.. Enumerable.Range(0, layer.Rows)], 0, []);
        }

        var (removed, kept) = Select(layer, remove, norm);
        long parameters = 0;
        var rewritten = new List<string>();
        foreach (var edit in plan)
        {
            var value = edit.Op.Input(edit.Input)!;
            var entry = ((ConstantOp)value.Producer!).Constant;
            var data = entry.Data!;
            var sliced = Slice(data, edit.Axis, kept, edit.Block);
            parameters += data.ElementCount - sliced.ElementCount;
            GraphEdits.ReplaceConstantInput(module, edit.Op, edit.Input, sliced, entry.Name);
            var name = CompressionDiagnostics.Name(edit.Op);
            if (!rewritten.Contains(name))
            {
                rewritten.Add(name);
            }
        }

        TypeInference.Run(module, diagnostics);
        GraphVerifier.Verify(module, diagnostics);
        return new ChannelPruningResult(true, null, [.. removed], [.. kept], parameters, [.. rewritten]);
    }

    /// <summary>The L1 or L2 norm of every output channel (view row).</summary>
    public static double[] ChannelNorms(WeightLayer layer, ChannelNorm norm)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var matrix = layer.ToMatrix();
        var result = new double[layer.Rows];
        for (var r = 0; r < layer.Rows; r++)
        {
            var s = 0.0;
            foreach (var w in matrix.AsSpan(r * layer.Cols, layer.Cols))
            {
                s += norm == ChannelNorm.L1 ? Math.Abs(w) : (double)w * w;
            }

            result[r] = norm == ChannelNorm.L1 ? s : Math.Sqrt(s);
        }

        return result;
    }

    private static (int[] Removed, int[] Kept) Select(WeightLayer layer, int remove, ChannelNorm norm)
    {
        var norms = ChannelNorms(layer, norm);
        var order = new int[layer.Rows];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => norms[a] != norms[b] ? norms[a].CompareTo(norms[b]) : a.CompareTo(b));
        var removed = order[..remove];
        Array.Sort(removed);
        var isRemoved = new bool[layer.Rows];
        foreach (var r in removed)
        {
            isRemoved[r] = true;
        }

        var kept = new int[layer.Rows - remove];
        var k = 0;
        for (var i = 0; i < layer.Rows; i++)
        {
            if (!isRemoved[i])
            {
                kept[k++] = i;
            }
        }

        return (removed, kept);
    }

    /// <summary>Plans the producer's own edits (weight rows, bias); returns why it cannot be pruned, or null.</summary>
    private static string? PlanProducer(GraphModule module, WeightLayer layer, List<Edit> plan)
    {
        var op = layer.Op;
        if (op.Parent is not { } graph || !ReferenceEquals(graph, module.Main))
        {
            return "it is inside a subgraph";
        }

        switch (layer.Kind)
        {
            case LayerKind.Conv when layer.Groups != 1:
                return string.Create(CultureInfo.InvariantCulture, $"it is a grouped convolution (group {layer.Groups}), whose channels are tied to its input channels");
            case LayerKind.Conv:
                plan.Add(new Edit(op, 1, 0, 1));
                if (op.Input(2) is { } b)
                {
                    if (!IsConstantVector(b, layer.Rows))
                    {
                        return "its bias is not a constant vector";
                    }

                    plan.Add(new Edit(op, 2, 0, 1));
                }

                return null;
            case LayerKind.Gemm:
                plan.Add(new Edit(op, 1, layer.OutputAxis, 1));
                if (op.Input(2) is { } c)
                {
                    if (c.Producer is not ConstantOp { Constant.Data: { } cd } || !IsByteSized(cd.ElementType))
                    {
                        return "its C input is not a constant";
                    }

                    if (cd.Rank > 0 && cd.Dims[^1] != 1)
                    {
                        if (cd.Dims[^1] != layer.Rows)
                        {
                            return "its C input does not have one value per output";
                        }

                        plan.Add(new Edit(op, 2, cd.Rank - 1, 1));
                    }
                }

                return null;
            default:
                return "channel pruning rewrites Conv and Gemm producers only";
        }
    }

    /// <summary>Follows the producer's channels to their consumers, planning each edit; returns why it cannot, or null.</summary>
    private static string? Trace(GraphModule module, WeightLayer layer, List<Edit> plan)
    {
        var graph = module.Main;
        var channels = layer.Rows;
        var queue = new Queue<(Value Value, long Block)>();
        var seen = new HashSet<Value>();
        queue.Enqueue((layer.Op.Result, 1));
        seen.Add(layer.Op.Result);
        while (queue.Count > 0)
        {
            var (value, block) = queue.Dequeue();
            if (graph.Outputs.Any(o => ReferenceEquals(o, value)))
            {
                return $"its channels reach the graph output '{value.Name}'";
            }

            foreach (var user in GraphEdits.Users(graph, value))
            {
                var type = user.Schema.Domain.Length == 0 ? user.Schema.OpType : user.Schema.ToString();
                var where = $"'{CompressionDiagnostics.Name(user)}' ({type})";
                if (!ReferenceEquals(user.Parent, graph))
                {
                    return $"its channels are read inside a subgraph by {where}";
                }

                var onlyFirst = ReferenceEquals(user.Input(0), value) && !user.Inputs.Skip(1).Any(i => ReferenceEquals(i, value));
                if (!onlyFirst)
                {
                    return $"its channels feed {where} as an input other than the data input, which channel pruning does not rewrite";
                }

                string? problem = null;
                Value? next = null;
                var nextBlock = block;
                switch (type)
                {
                    case "BatchNormalization":
                        if (user is BatchNormalizationOp { TrainingMode: true } || UsedResults(graph, user, 1))
                        {
                            problem = "it runs in training mode";
                        }
                        else if (block != 1)
                        {
                            problem = "it normalizes flattened features";
                        }
                        else
                        {
                            for (var i = 1; i <= 4 && problem is null; i++)
                            {
                                if (user.Input(i) is not { } p || !IsConstantVector(p, channels))
                                {
                                    problem = "its parameters are not constant vectors";
                                }
                                else
                                {
                                    plan.Add(new Edit(user, i, 0, 1));
                                }
                            }
                        }

                        next = user.Result;
                        break;
                    case "Clip":
                        problem = (user.Input(1) is { } lo && !IsScalarConstant(lo)) || (user.Input(2) is { } hi && !IsScalarConstant(hi))
                            ? "its bounds are not constant scalars"
                            : null;
                        next = user.Result;
                        break;
                    case "Dropout":
                        problem = UsedResults(graph, user, 1) ? "its mask output is used" : null;
                        next = user.Result;
                        break;
                    case "Flatten":
                        if (user.Attributes.GetInt("axis", 1) != 1 || block != 1)
                        {
                            problem = "it does not flatten from axis 1";
                        }
                        else if (value.TensorType is not { Dims: { Length: >= 2 } dims } || dims.Skip(2).Any(d => !d.IsStatic))
                        {
                            problem = "its input's spatial dims are not static";
                        }
                        else
                        {
                            nextBlock = 1;
                            for (var i = 2; i < dims.Length; i++)
                            {
                                nextBlock *= dims[i].Value!.Value;
                            }
                        }

                        next = user.Result;
                        break;
                    case "Conv":
                        problem = user.Attributes.GetInt("group", 1) != 1 ? "it is a grouped convolution"
                            : block != 1 ? "it reads flattened features"
                            : IsConstantWeight(user, 1, 1, channels) ? null : "its weight is not a constant with one input channel per pruned channel";
                        if (problem is null)
                        {
                            plan.Add(new Edit(user, 1, 1, 1));
                        }

                        break;
                    case "Gemm":
                        {
                            var axis = user.Attributes.GetInt("transB", 0) != 0 ? 1 : 0;
                            problem = user.Attributes.GetInt("transA", 0) != 0 ? "it transposes A"
                                : IsConstantWeight(user, 1, axis, channels * block) ? null : "its B is not a constant with K = the pruned features";
                            if (problem is null)
                            {
                                plan.Add(new Edit(user, 1, axis, block));
                            }

                            break;
                        }

                    case "MatMul":
                        problem = value.TensorType is not { Rank: 2 } ? "its A is not 2-D"
                            : IsConstantWeight(user, 1, 0, channels * block) && user.Input(1)!.TensorType is { Rank: 2 } ? null
                            : "its B is not a constant 2-D [K, N] with K = the pruned features";
                        if (problem is null)
                        {
                            plan.Add(new Edit(user, 1, 0, block));
                        }

                        break;
                    default:
                        if (s_activations.Contains(type))
                        {
                            next = user.Result;
                        }
                        else if (s_pools.Contains(type))
                        {
                            problem = block != 1 ? "it pools flattened features" : UsedResults(graph, user, 1) ? "its indices output is used" : null;
                            next = user.Result;
                        }
                        else
                        {
                            problem = "channel pruning does not rewrite this op";
                        }

                        break;
                }

                if (problem is not null)
                {
                    return $"its channels feed {where}: {problem}";
                }

                if (next is not null && seen.Add(next))
                {
                    queue.Enqueue((next, nextBlock));
                }
            }
        }

        return null;
    }

    /// <summary>True when any result of <paramref name="op"/> from index <paramref name="from"/> on is used.</summary>
    private static bool UsedResults(Graph graph, Op op, int from)
    {
        for (var i = from; i < op.Results.Length; i++)
        {
            if (GraphEdits.UseCount(graph, op.Results[i]) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConstantVector(Value v, int length) =>
        v.Producer is ConstantOp { Constant.Data: { } d } && d.Rank == 1 && d.Dims[0] == length && IsByteSized(d.ElementType);

    private static bool IsScalarConstant(Value v) => v.Producer is ConstantOp { Constant.Data: { } d } && d.ElementCount == 1;

    private static bool IsConstantWeight(Op op, int input, int axis, long length) =>
        op.Input(input)?.Producer is ConstantOp { Constant.Data: { } d } && d.Rank > axis && d.Dims[axis] == length
        && IsByteSized(d.ElementType);

    private static bool IsByteSized(ElementType type) => type != ElementType.String && type.BitWidth() >= 8 && type.BitWidth() % 8 == 0;

    /// <summary>Keeps, along <paramref name="axis"/>, the blocks of <paramref name="block"/> entries of the kept channels.</summary>
    internal static TensorData Slice(TensorData data, int axis, int[] kept, long block)
    {
        var dims = data.Dims.ToArray();
        var outer = 1L;
        for (var i = 0; i < axis; i++)
        {
            outer *= dims[i];
        }

        var inner = 1L;
        for (var i = axis + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }

        var size = data.ElementType.BitWidth() / 8;
        var span = data.Data.Span;
        var axisLength = dims[axis];
        var run = (int)(block * inner * size);
        dims[axis] = kept.Length * block;
        var result = new byte[TensorData.ElementCountOf(dims) * size];
        var dst = 0;
        for (var o = 0L; o < outer; o++)
        {
            foreach (var c in kept)
            {
                var src = (int)((((o * axisLength) + (c * block)) * inner) * size);
                span.Slice(src, run).CopyTo(result.AsSpan(dst, run));
                dst += run;
            }
        }

        return TensorData.FromBytes(data.ElementType, dims, result);
    }

    /// <summary>One planned constant rewrite: input <paramref name="Input"/> of <paramref name="Op"/> keeps, along
    /// <paramref name="Axis"/>, the blocks of <paramref name="Block"/> entries of the kept channels.</summary>
    private sealed record Edit(Op Op, int Input, int Axis, long Block);
}
