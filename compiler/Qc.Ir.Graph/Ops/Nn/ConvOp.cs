namespace Qc.Ir.Graph;

/// <summary>N-D convolution (ONNX Conv): X (N, C, D1..Dn), W (M, C/group, k1..kn), optional bias B (M).</summary>
/// <remarks>Output (N, M, O1..On) with <c>O = floor((D + pads - ((k - 1) * dilation + 1)) / stride) + 1</c>, or
/// <c>ceil(D / stride)</c> for SAME_UPPER/SAME_LOWER.</remarks>
public sealed class ConvOp : Op
{
    internal ConvOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || this.InputTensor(1) is not { } w)
        {
            return;
        }

        if (!NnDims.CheckSameElementType(this, context, 0, 1, 2)
            || !ConvShapes.TryInferConv(this, context, x, w, out var dims))
        {
            return;
        }

        if (dims is not { } d)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        if (!NnDims.CheckVector(this, context, 2, "bias", d[1]))
        {
            return;
        }

        this.SetResult(0, x.ElementType, d);
    }
}
