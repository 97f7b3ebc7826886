namespace Qc.Ir.Graph;

/// <summary>Region-of-interest pooling: MaxRoiPool (rois (R, 5), pooled_shape) and RoiAlign (rois (R, 4), batch_indices (R),
/// output_height/output_width). X (N, C, H, W) gives (R, C, h, w).</summary>
public sealed class RoiPoolOp : Op
{
    internal RoiPoolOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>True for RoiAlign, false for MaxRoiPool.</summary>
    public bool IsAlign => Schema.OpType == "RoiAlign";

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || this.InputTensor(1) is not { } rois || !NnDims.CheckSameElementType(this, context, 0, 1))
        {
            return;
        }

        if (OutputSize(context) is not { } size)
        {
            return;
        }

        var channels = Dim.Unknown;
        if (x.Dims is { } xd)
        {
            if (xd.Length != 4)
            {
                context.Error(this, InferenceCodes.RankMismatch, $"X must be 4-D but is {x}");
                return;
            }

            channels = xd[1];
        }

        var count = Dim.Unknown;
        if (rois.Dims is { } rd)
        {
            var width = IsAlign ? 4 : 5;
            if (rd.Length != 2 || NnDims.Conflict(rd[1], width))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"rois must have shape [num_rois, {width}] but is {rois}");
                return;
            }

            count = rd[0];
        }

        if (IsAlign && this.InputDims(2) is { } bd)
        {
            if (bd.Length != 1 || NnDims.Conflict(bd[0], count))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"batch_indices {this.InputTensor(2)} must have shape [{count}]");
                return;
            }

            count = NnDims.Unify(count, bd[0]);
        }

        this.SetResult(0, x.ElementType, [count, channels, size.H, size.W]);
    }

    private (Dim H, Dim W)? OutputSize(InferenceContext context)
    {
        if (IsAlign)
        {
            var h = Attributes.GetInt("output_height", 1);
            var w = Attributes.GetInt("output_width", 1);
            if (h < 1 || w < 1)
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"output_height and output_width must be positive but are {h} and {w}");
                return null;
            }

            var mode = Attributes.GetString("mode", "avg");
            if (mode is not ("avg" or "max"))
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"mode '{mode}' is not avg or max");
                return null;
            }

            return (h, w);
        }

        if (Attributes.GetInts("pooled_shape") is not { Length: 2 } ps || ps.Any(v => v < 1))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, "pooled_shape must hold two positive values");
            return null;
        }

        return (ps[0], ps[1]);
    }
}
