namespace Qc.Ir.Graph;

/// <summary>DepthToSpace (N, C, H, W) to (N, C/(b*b), H*b, W*b) and SpaceToDepth (N, C, H, W) to (N, C*b*b, H/b, W/b).</summary>
public sealed class DepthSpaceOp : Op
{
    internal DepthSpaceOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>True for DepthToSpace, false for SpaceToDepth.</summary>
    public bool IsDepthToSpace => Schema.OpType == "DepthToSpace";

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        var b = Attributes.GetInt("blocksize", 0);
        if (b < 1)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"blocksize must be positive but is {b}");
            return;
        }

        if (IsDepthToSpace && Attributes.GetString("mode", "DCR") is not ("DCR" or "CRD") and var mode)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"mode '{mode}' is not DCR or CRD");
            return;
        }

        if (x.Dims is not { } d)
        {
            this.SetResult(0, x.ElementType, NnDims.Unknowns(4));
            return;
        }

        if (d.Length != 4)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must be 4-D but is {x}");
            return;
        }

        if (IsDepthToSpace)
        {
            if (NnDims.NotDivisible(d[1], b * b))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"channels {d[1]} are not divisible by blocksize squared {b * b}");
                return;
            }

            this.SetResult(0, x.ElementType, [d[0], NnDims.Div(d[1], b * b), NnDims.Mul(d[2], b), NnDims.Mul(d[3], b)]);
            return;
        }

        if (NnDims.NotDivisible(d[2], b) || NnDims.NotDivisible(d[3], b))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"spatial dims {d[2]}x{d[3]} are not divisible by blocksize {b}");
            return;
        }

        this.SetResult(0, x.ElementType, [d[0], NnDims.Mul(d[1], b * b), NnDims.Div(d[2], b), NnDims.Div(d[3], b)]);
    }
}
