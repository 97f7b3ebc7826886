namespace Qc.Ir.Graph;

/// <summary>Samples X (N, C, D1..Dr) at the grid locations (N, O1..Or, r) (ONNX GridSample), giving (N, C, O1..Or).</summary>
public sealed class GridSampleOp : Op
{
    internal GridSampleOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || this.InputTensor(1) is not { } grid || !ValidateModes(context))
        {
            return;
        }

        if (x.Dims is not { } xd || grid.Dims is not { } gd)
        {
            if (x.Dims is { Length: >= 3 } known)
            {
                this.SetResult(0, x.ElementType, [known[0], known[1], .. NnDims.Unknowns(known.Length - 2)]);
            }
            else if (grid.Dims is { Length: >= 3 } g)
            {
                this.SetResult(0, x.ElementType, [g[0], Dim.Unknown, .. g[1..^1]]);
            }
            else
            {
                this.SetResultUnranked(0, x.ElementType);
            }

            return;
        }

        if (xd.Length < 3 || gd.Length != xd.Length)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"X {x} and grid {grid} must have the same rank of at least 3");
            return;
        }

        var spatial = xd.Length - 2;
        if (NnDims.Conflict(gd[^1], spatial) || NnDims.Conflict(xd[0], gd[0]))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"grid {grid} must have shape [{xd[0]}, ..., {spatial}] for X {x}");
            return;
        }

        this.SetResult(0, x.ElementType, [NnDims.Unify(xd[0], gd[0]), xd[1], .. gd[1..^1]]);
    }

    private bool ValidateModes(InferenceContext context)
    {
        // "bilinear" and "bicubic" are the opset 16 spellings of "linear" and "cubic".
        var mode = Attributes.GetString("mode", "linear");
        var padding = Attributes.GetString("padding_mode", "zeros");
        if (mode is not ("linear" or "nearest" or "cubic" or "bilinear" or "bicubic") || padding is not ("zeros" or "border" or "reflection"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"mode '{mode}' or padding_mode '{padding}' is not supported");
            return false;
        }

        return true;
    }
}
