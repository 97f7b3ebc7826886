namespace Qc.Ir.Graph;

/// <summary>Checks the shapes of quantization scales and zero points against the quantized tensor: per-tensor (scalar),
/// per-axis (1-D of length x[axis]) or blocked (x's shape with x[axis] replaced by ceil(x[axis] / block_size)).</summary>
internal static class QuantScales
{
    /// <summary>Checks scale and zero-point shapes using the op's axis and block_size attributes.</summary>
    /// <returns>False when a problem was reported.</returns>
    public static bool Check(Op op, InferenceContext context, TensorType x, int scaleIndex, int zeroPointIndex)
    {
        var blockSize = op.Attributes.GetInt("block_size", 0);
        if (blockSize < 0)
        {
            context.Error(op, InferenceCodes.BadAttributeValue, $"block_size must not be negative but is {blockSize}");
            return false;
        }

        var sd = op.InputDims(scaleIndex);
        if (sd is { } a && op.InputDims(zeroPointIndex) is { } b
            && (a.Length != b.Length || a.Zip(b).Any(p => NnDims.Conflict(p.First, p.Second))))
        {
            context.Error(op, InferenceCodes.ShapeMismatch, $"zero point shape {NnDims.Show(b)} does not match scale shape {NnDims.Show(a)}");
            return false;
        }

        if (x.Dims is not { } xd || sd is not { } s || s.Length == 0 || (blockSize == 0 && s is [{ Value: 1 }]))
        {
            return true;
        }

        var axisAttr = op.Attributes.GetInt("axis", 1);
        if (!ShapeHelpers.TryNormalizeAxis(axisAttr, xd.Length, out var axis))
        {
            context.Error(op, InferenceCodes.BadAttributeValue, $"axis {axisAttr} is out of range for rank {xd.Length}");
            return false;
        }

        if (blockSize == 0)
        {
            if (s.Length != 1 || NnDims.Conflict(s[0], xd[axis]))
            {
                context.Error(op, InferenceCodes.ShapeMismatch,
                    $"scale shape {NnDims.Show(s)} must be a scalar or [{xd[axis]}] for per-axis quantization along axis {axis}");
                return false;
            }

            return true;
        }

        if (s.Length != xd.Length)
        {
            context.Error(op, InferenceCodes.RankMismatch, $"blocked scale shape {NnDims.Show(s)} must have the rank of {x}");
            return false;
        }

        for (var i = 0; i < xd.Length; i++)
        {
            var expected = i != axis ? xd[i] : xd[i].IsStatic ? Dim.Of((xd[i].Value!.Value + blockSize - 1) / blockSize) : Dim.Unknown;
            if (NnDims.Conflict(s[i], expected))
            {
                context.Error(op, InferenceCodes.ShapeMismatch,
                    $"blocked scale shape {NnDims.Show(s)} does not match {x} with block_size {blockSize} along axis {axis}");
                return false;
            }
        }

        return true;
    }
}
