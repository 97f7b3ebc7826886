namespace Qc.Ir.Graph;

/// <summary>Matrix product with numpy semantics (ONNX MatMul): batched, broadcast leading axes, 1-D promotion.</summary>
public sealed class MatMulOp : Op
{
    internal MatMulOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } a || this.InputTensor(1) is not { } b || !NnDims.CheckSameElementType(this, context, 0, 1)
            || !MatMulShapes.TryInfer(this, context, a, b, out var dims))
        {
            return;
        }

        if (dims is { } d)
        {
            this.SetResult(0, a.ElementType, d);
        }
        else
        {
            this.SetResultUnranked(0, a.ElementType);
        }
    }
}
