using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Unary, binary, variadic and ternary elementwise ops with ONNX broadcasting, casts, BatchNormalization
/// (inference) and Quantize/DequantizeLinear: one loop nest over the result, vectorized along the last axis.</summary>
internal sealed class ElementwiseLowering : IOpLowering
{
    /// <inheritdoc/>
    public string? Check(LNode node) => ElementwiseOps.Check(node);

    /// <inheritdoc/>
    public void Lower(LNode node, LoweringContext ctx) =>
        ElementwiseEmitter.EmitKernel(ctx, node.Name, [node, .. node.Epilogue]);
}
