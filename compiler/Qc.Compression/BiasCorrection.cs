using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Compression;

/// <summary>Bias correction after weight compression: <c>b' = b − α·(Ŵ − W)·E[x]</c>, so the mean output does not shift.</summary>
/// <remarks>E[x] is the layer input's mean, per input channel (broadcast over a conv window) or per im2col feature (exact
/// at padded borders). α is Gemm's alpha (1 otherwise). A layer without a bias gets one (<see cref="Apply"/>).</remarks>
public static class BiasCorrection
{
    /// <summary>The corrected bias (one value per output channel, the effective bias including Gemm's β), or null with QC4208.</summary>
    /// <param name="layer">The layer with its original weight.</param>
    /// <param name="compressedMatrix">Ŵ as the view matrix [Rows, Cols].</param>
    /// <param name="inputMeans">E[x]: per input channel or per im2col feature (see <see cref="FeatureStatistics"/>).</param>
    /// <param name="diagnostics">Receives QC4208 when the means do not fit.</param>
    /// <param name="location">Where to report; the op by default.</param>
    public static float[]? CorrectedBias(WeightLayer layer, ReadOnlySpan<float> compressedMatrix, ReadOnlySpan<double> inputMeans,
        DiagnosticBag diagnostics, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var where = location ?? CompressionDiagnostics.Locate(layer.Op);
        if (compressedMatrix.Length != layer.Rows * layer.Cols)
        {
            throw new ArgumentException($"the compressed weight of '{layer.Name}' must have {layer.Rows * layer.Cols} values");
        }

        if (FeatureStatistics.Expand(layer, inputMeans, diagnostics, where, "E[x]") is not { } means)
        {
            return null;
        }

        var original = layer.ToMatrix();
        var bias = CurrentBias(layer);
        var alpha = layer.Kind == LayerKind.Gemm ? layer.Op.Attributes.GetFloat("alpha", 1f) : 1f;
        var result = new float[layer.Rows];
        for (var r = 0; r < layer.Rows; r++)
        {
            var shift = 0.0;
            for (var j = 0; j < layer.Cols; j++)
            {
                var i = (r * layer.Cols) + j;
                shift += ((double)compressedMatrix[i] - original[i]) * means[i];
            }

            result[r] = (float)(bias[r] - (alpha * shift));
        }

        return result;
    }

    /// <summary>Writes an effective bias (one per output channel) into the graph; returns the layer's (possibly rebuilt) op, or null with QC4209.</summary>
    /// <remarks>Conv: input B, added when absent (the op is rebuilt with the same result names). Gemm: C = b/β when C is a
    /// constant [N] or [1, N]; added with β = 1 when absent. MatMul: the constant of a sole following Add of shape [N] or
    /// [1, N] is replaced; otherwise an Add is inserted after the MatMul and takes over the MatMul's result name.</remarks>
    public static Op? Apply(GraphModule module, WeightLayer layer, ReadOnlySpan<float> bias, DiagnosticBag diagnostics, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var where = location ?? CompressionDiagnostics.Locate(layer.Op);
        if (bias.Length != layer.Rows)
        {
            throw new ArgumentException($"the bias of '{layer.Name}' must have {layer.Rows} values");
        }

        var op = layer.Op;
        var biasName = layer.Weight.Name + "_bias";
        switch (layer.Kind)
        {
            case LayerKind.Conv:
                {
                    var data = TensorData.Create<float>([layer.Rows], bias);
                    if (op.Input(2) is { } existing)
                    {
                        if (existing.Producer is not ConstantOp c)
                        {
                            CompressionDiagnostics.ReportBiasNotRewritable(diagnostics, where, layer.Name, "its bias is computed, not a constant");
                            return null;
                        }

                        GraphEdits.ReplaceConstantInput(module, op, 2, data, c.Constant.Name);
                        return op;
                    }

                    var rebuilt = GraphEdits.Rebuild(module, op, [op.Input(0), op.Input(1), null], op.Attributes);
                    GraphEdits.ReplaceConstantInput(module, rebuilt, 2, data, biasName);
                    return rebuilt;
                }

            case LayerKind.Gemm:
                {
                    if (op.Input(2) is not { } existing)
                    {
                        var rebuilt = GraphEdits.Rebuild(module, op, [op.Input(0), op.Input(1), null], op.Attributes.With("beta", new FloatAttr(1f)));
                        GraphEdits.ReplaceConstantInput(module, rebuilt, 2, TensorData.Create<float>([layer.Rows], bias), biasName);
                        return rebuilt;
                    }

                    if (existing.Producer is not ConstantOp { Constant.Data: { } cd } c || cd.ElementType != ElementType.F32
                        || cd.ElementCount != layer.Rows || (cd.Rank == 2 && cd.Dims[0] != 1) || cd.Rank is not (1 or 2))
                    {
                        CompressionDiagnostics.ReportBiasNotRewritable(diagnostics, where, layer.Name, "its C is not a constant float32 vector of the output features");
                        return null;
                    }

                    var beta = op.Attributes.GetFloat("beta", 1f);
                    if (beta == 0)
                    {
                        CompressionDiagnostics.ReportBiasNotRewritable(diagnostics, where, layer.Name, "its beta is 0");
                        return null;
                    }

                    var values = new float[layer.Rows];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = bias[i] / beta;
                    }

                    GraphEdits.ReplaceConstantInput(module, op, 2, TensorData.Create<float>(cd.Dims.AsSpan(), values), c.Constant.Name);
                    return op;
                }

            default:
                {
                    if (FollowingAdd(module, layer) is { } add)
                    {
                        var c = (ConstantOp)add.Op.Input(add.Index)!.Producer!;
                        GraphEdits.ReplaceConstantInput(module, add.Op, add.Index,
                            TensorData.Create<float>(c.Constant.Data!.Dims.AsSpan(), bias), c.Constant.Name);
                        return op;
                    }

                    // New MatMul under a fresh name; the inserted Add takes over the old result (and its name).
                    var graph = op.Parent ?? module.Main;
                    var old = op.Result;
                    var schemaAdd = OpRegistry.Default.TryGetOnnx(string.Empty, "Add", out var s) ? s : throw new InvalidOperationException("Add is not registered");
                    var matmul = op.Schema.Create(new OpInit([op.Input(0), op.Input(1)], op.Attributes, [], [module.UniqueName(old.Name + "_nobias")]) { NodeName = op.Name });
                    matmul.Result.Type = old.Type;
                    var index = GraphEdits.IndexOf(graph, op);
                    graph.Remove(op);
                    graph.Insert(index, matmul);
                    var addOp = schemaAdd.Create(new OpInit([matmul.Result, null], AttributeMap.Empty, [], [old.Name]) { NodeName = (op.Name ?? old.Name) + "_bias" });
                    addOp.Result.Type = old.Type;
                    graph.Insert(index + 1, addOp);
                    GraphEdits.ReplaceUses(module.Main, old, addOp.Result, addOp);
                    GraphEdits.ReplaceConstantInput(module, addOp, 1, TensorData.Create<float>([layer.Rows], bias), biasName);
                    return matmul;
                }
        }
    }

    /// <summary>The effective bias now: Conv B, β·C for Gemm, a following Add's constant for MatMul, else zeros.</summary>
    internal static float[] CurrentBias(WeightLayer layer)
    {
        if (layer.Kind == LayerKind.MatMul && layer.Op.Parent is { } && FollowingAddIn(layer.Op.Parent, layer) is { } add)
        {
            var result = new float[layer.Rows];
            ((ConstantOp)add.Op.Input(add.Index)!.Producer!).Constant.Data!.AsSpan<float>().CopyTo(result);
            return result;
        }

        return layer.BiasValues();
    }

    private static (Op Op, int Index)? FollowingAdd(GraphModule module, WeightLayer layer) => FollowingAddIn(module.Main, layer);

    /// <summary>The sole user of a MatMul when it is an Add of a float32 constant [N] or [1, N].</summary>
    private static (Op Op, int Index)? FollowingAddIn(Graph graph, WeightLayer layer)
    {
        var users = GraphEdits.Users(graph, layer.Op.Result);
        if (users.Count != 1 || users[0].Schema.OpType != "Add" || users[0].Schema.Domain.Length != 0
            || graph.Outputs.Any(o => ReferenceEquals(o, layer.Op.Result)))
        {
            return null;
        }

        var add = users[0];
        var index = ReferenceEquals(add.Input(0), layer.Op.Result) ? 1 : 0;
        return add.Input(index)?.Producer is ConstantOp { Constant.Data: { } d } && d.ElementType == ElementType.F32
            && d.ElementCount == layer.Rows && (d.Rank == 1 || (d.Rank == 2 && d.Dims[0] == 1))
            ? (add, index)
            : null;
    }
}
