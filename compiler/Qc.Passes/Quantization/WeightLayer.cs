using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Passes.Quantization;

/// <summary>A weight-bearing op: Conv, ConvTranspose, Gemm or MatMul whose input 1 is a constant float32 weight.</summary>
internal sealed record WeightLayer(Op Op, string Name, ConstantOp Weight, TensorData Data)
{
    /// <summary>The op types that carry weight formats.</summary>
    public static bool IsLayerType(Op op) =>
        op.Schema.Domain.Length == 0 && op.Schema.OpType is "Conv" or "ConvTranspose" or "Gemm" or "MatMul";

    /// <summary>The layer name used by plans: the node name, else the first result's name.</summary>
    public static string NameOf(Op op) => op.Name ?? op.Result.Name;

    /// <summary>The layer for an op, or null with the reason it is not one.</summary>
    public static WeightLayer? TryCreate(Op op, out string? why)
    {
        why = null;
        if (!IsLayerType(op))
        {
            why = "it is not a Conv, ConvTranspose, Gemm or MatMul";
            return null;
        }

        if (op.Input(1)?.Producer is not ConstantOp weight)
        {
            why = "its weight (input 1) is not a constant";
            return null;
        }

        if (weight.Constant.Data is not { } data)
        {
            why = $"the data of weight '@{weight.Constant.Name}' is elided";
            return null;
        }

        if (data.ElementType != ElementType.F32 || data.Rank == 0)
        {
            why = $"weight '@{weight.Constant.Name}' is {data.ElementType.Name()} of rank {data.Rank}, not a float32 tensor";
            return null;
        }

        return new WeightLayer(op, NameOf(op), weight, data);
    }

    /// <summary>The weight axis the layer reduces over: the axis groups run along.</summary>
    public int ReducedAxis => Op.Schema.OpType switch
    {
        "Conv" => Math.Min(1, Data.Rank - 1),
        "ConvTranspose" => 0,
        "Gemm" => Data.Rank < 2 ? 0 : Op.Attributes.GetInt("transB", 0) != 0 ? 1 : 0,
        _ => Math.Max(0, Data.Rank - 2),
    };
}
