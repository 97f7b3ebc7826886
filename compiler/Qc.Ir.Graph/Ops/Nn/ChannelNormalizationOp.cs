namespace Qc.Ir.Graph;

/// <summary>Per-channel-scaled normalization of X (N, C, D1..Dn) with scale and bias of shape (C): InstanceNormalization and
/// GroupNormalization (opset 21: num_groups divides C). The result has X's shape.</summary>
public sealed class ChannelNormalizationOp : Op
{
    internal ChannelNormalizationOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || !NnDims.CheckSameElementType(this, context, 0, 1, 2))
        {
            return;
        }

        var channels = Dim.Unknown;
        if (x.Dims is { } xd)
        {
            if (xd.Length < 2)
            {
                context.Error(this, InferenceCodes.RankMismatch, $"input must have rank at least 2 but is {x}");
                return;
            }

            channels = xd[1];
        }

        if (Schema.OpType == "GroupNormalization")
        {
            var groups = Attributes.GetInt("num_groups", 0);
            if (groups < 1)
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"num_groups must be positive but is {groups}");
                return;
            }

            if (NnDims.NotDivisible(channels, groups))
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"num_groups {groups} does not divide the channel count {channels}");
                return;
            }
        }

        if (!NnDims.CheckVector(this, context, 1, "scale", channels) || !NnDims.CheckVector(this, context, 2, "bias", channels))
        {
            return;
        }

        this.SetResult(0, x);
    }
}
