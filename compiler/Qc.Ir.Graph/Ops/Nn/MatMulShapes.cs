using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Numpy matmul shape rules shared by MatMul, MatMulInteger and QLinearMatMul.</summary>
internal static class MatMulShapes
{
    /// <summary>Infers the result shape of numpy matmul: 1-D operands are promoted (a prepended / b appended 1, removed
    /// afterwards), the last two axes multiply, the leading (batch) axes broadcast.</summary>
    /// <param name="op">The op, for diagnostics.</param>
    /// <param name="context">Where problems are reported.</param>
    /// <param name="a">The left operand's type.</param>
    /// <param name="b">The right operand's type.</param>
    /// <param name="dims">The result dims, or null when a rank is unknown.</param>
    /// <returns>False when a problem was reported.</returns>
    public static bool TryInfer(Op op, InferenceContext context, TensorType a, TensorType b, out ImmutableArray<Dim>? dims)
    {
        dims = null;
        if (a.Dims is not { } ad || b.Dims is not { } bd)
        {
            return true;
        }

        if (ad.Length == 0 || bd.Length == 0)
        {
            context.Error(op, InferenceCodes.RankMismatch, $"matmul operands must have rank at least 1 but are {a} and {b}");
            return false;
        }

        var am = ad.Length == 1 ? [Dim.Of(1), ad[0]] : ad;
        var bm = bd.Length == 1 ? [bd[0], Dim.Of(1)] : bd;
        if (NnDims.Conflict(am[^1], bm[^2]))
        {
            context.Error(op, InferenceCodes.ShapeMismatch, $"inner dimensions of {a} and {b} differ ({am[^1]} and {bm[^2]})");
            return false;
        }

        if (ShapeHelpers.Broadcast([am[..^2], bm[..^2]]) is not { } batch)
        {
            context.Error(op, InferenceCodes.ShapeMismatch, $"batch dimensions of {a} and {b} do not broadcast");
            return false;
        }

        var result = batch.ToBuilder();
        if (ad.Length > 1)
        {
            result.Add(am[^2]);
        }

        if (bd.Length > 1)
        {
            result.Add(bm[^1]);
        }

        dims = result.ToImmutable();
        return true;
    }
}
