namespace Qc.Ir.Graph;

/// <summary>General matrix multiply (ONNX Gemm): <c>alpha * A' * B' + beta * C</c> with A' (M, K) and B' (K, N) after the
/// optional transposes; C, when present, broadcasts unidirectionally to (M, N).</summary>
public sealed class GemmOp : Op
{
    internal GemmOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } a || this.InputTensor(1) is not { } b || !NnDims.CheckSameElementType(this, context, 0, 1, 2))
        {
            return;
        }

        var ad = a.Dims ?? NnDims.Unknowns(2);
        var bd = b.Dims ?? NnDims.Unknowns(2);
        if (ad.Length != 2 || bd.Length != 2)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"A and B must be 2-D but are {a} and {b}");
            return;
        }

        var transA = Attributes.GetInt("transA", 0) != 0;
        var transB = Attributes.GetInt("transB", 0) != 0;
        var (m, ka) = transA ? (ad[1], ad[0]) : (ad[0], ad[1]);
        var (kb, n) = transB ? (bd[1], bd[0]) : (bd[0], bd[1]);
        if (NnDims.Conflict(ka, kb))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"inner dimensions of {a} and {b} differ ({ka} and {kb})");
            return;
        }

        if (this.InputDims(2) is { } cd && !NnDims.BroadcastsTo(cd, [m, n]))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"C {this.InputTensor(2)} does not broadcast to [{m}, {n}]");
            return;
        }

        this.SetResult(0, a.ElementType, [m, n]);
    }
}
