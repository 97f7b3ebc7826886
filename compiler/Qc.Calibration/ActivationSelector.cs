using System.Collections.Immutable;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Calibration;

/// <summary>Picks the activations a compression plan quantizes: the float inputs of weight-bearing ops.</summary>
public static class ActivationSelector
{
    /// <summary>The float32 non-constant inputs of every <c>Conv</c>, <c>ConvTranspose</c>, <c>Gemm</c> and <c>MatMul</c> of the main
    /// graph, in program order, each once, with the channel axis of its reduced features.</summary>
    /// <remarks>
    /// Channel axes: Conv/ConvTranspose input X → 1 (NCHW); Gemm A → 1, or 0 with <c>transA</c>; MatMul A → the last axis,
    /// MatMul B (when it is an activation, as in attention) → the second-to-last. A value several ops consume keeps the
    /// axis of its first consumer. Graph IR value names are the ONNX value names (the importer keeps them and only renames
    /// on a clash, which ONNX's SSA rule forbids), so the names can be captured from the ONNX model as they are.
    /// Values produced by <c>graph.constant</c> are weights and are skipped; values of unknown element type are kept only
    /// when the IR could not type them (ONNX Runtime then decides, and a non-float capture is QC4104).
    /// </remarks>
    public static ImmutableArray<ObservedTensor> WeightInputs(GraphModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var result = ImmutableArray.CreateBuilder<ObservedTensor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in module.Main.Ops)
        {
            var opType = op.Schema.OpType;
            var candidates = opType switch
            {
                "Conv" or "ConvTranspose" => [(0, (int?)1)],
                "Gemm" => [(0, (int?)(op.Attributes.GetInt("transA", 0) != 0 ? 0 : 1))],
                "MatMul" => new[] { (0, (int?)-1), (1, (int?)-2) },
                _ => [],
            };

            foreach (var (index, axis) in candidates)
            {
                if (op.Input(index) is not { } value || value.Producer is ConstantOp || !IsFloat(value) || !seen.Add(value.Name))
                {
                    continue;
                }

                var rank = value.TensorType is { HasRank: true } t ? t.Rank : (int?)null;
                var resolved = axis is < 0 && rank is { } r ? axis + r : axis;
                result.Add(new ObservedTensor(value.Name, resolved, $"{opType} '{op.Name ?? op.Result.Name}'"));
            }
        }

        return result.ToImmutable();
    }

    private static bool IsFloat(Value value) => value.Type switch
    {
        TensorType t => t.ElementType == ElementType.F32,
        UnknownType => true,
        _ => false,
    };
}
