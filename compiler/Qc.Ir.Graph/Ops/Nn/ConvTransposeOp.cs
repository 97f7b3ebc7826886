using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>N-D transposed convolution (ONNX ConvTranspose): X (N, C, D1..Dn), W (C, M/group, k1..kn), optional B (M).</summary>
/// <remarks>Output (N, W[1] * group, O1..On): <c>output_shape</c> when given, <c>D * stride</c> for SAME_UPPER/SAME_LOWER,
/// else <c>stride * (D - 1) + output_padding + ((k - 1) * dilation + 1) - pads</c>.</remarks>
public sealed class ConvTransposeOp : Op
{
    internal ConvTransposeOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || this.InputTensor(1) is not { } w || !NnDims.CheckSameElementType(this, context, 0, 1, 2))
        {
            return;
        }

        if (x.Dims is null && w.Dims is null)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        var xd = x.Dims ?? NnDims.Unknowns(w.Rank);
        var wd = w.Dims ?? NnDims.Unknowns(xd.Length);
        if (xd.Length < 2 || xd.Length != wd.Length)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input {x} and weight {w} must have the same rank of at least 2");
            return;
        }

        var group = Attributes.GetInt("group", 1);
        if (group < 1)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"group must be positive but is {group}");
            return;
        }

        if (NnDims.Conflict(xd[1], wd[0]))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"input has {xd[1]} channels but the weight expects {wd[0]}");
            return;
        }

        var channels = NnDims.Mul(wd[1], group);
        if (Spatial(context, xd, wd) is not { } spatial || !NnDims.CheckVector(this, context, 2, "bias", channels))
        {
            return;
        }

        this.SetResult(0, x.ElementType, [xd[0], channels, .. spatial]);
    }

    private Dim[]? Spatial(InferenceContext context, ImmutableArray<Dim> xd, ImmutableArray<Dim> wd)
    {
        var n = xd.Length - 2;
        if (ConvShapes.ReadWindow(this, context, n, wd.Skip(2).ToArray()) is not { } window
            || ConvShapes.ReadList(this, context, "output_padding", n, 0, 0) is not { } outputPadding)
        {
            return null;
        }

        if (Attributes.GetInts("output_shape") is { } os)
        {
            // output_shape holds the spatial dims; a full shape (N, C, ...) is accepted for older exporters.
            if (os.Length != n && os.Length != n + 2)
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"output_shape has {os.Length} values but {n} are expected");
                return null;
            }

            return [.. os.Skip(os.Length - n).Select(Dim.Of)];
        }

        var result = new Dim[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = ConvShapes.TransposeOutputSize(window, i, xd[i + 2], outputPadding[i]);
            if (result[i].Value < 1)
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"output size {result[i]} along spatial axis {i} is not positive");
                return null;
            }
        }

        return result;
    }
}
