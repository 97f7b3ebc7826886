using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Layer normalization over axes [axis, rank) (ONNX LayerNormalization). Y has X's shape; the optional Mean and
/// InvStdDev have X's shape with the normalized axes set to 1 and the element type given by stash_type.</summary>
public sealed class LayerNormalizationOp : Op
{
    internal LayerNormalizationOp(OpSchema schema, OpInit init)
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

        var stash = Attributes.GetInt("stash_type", (long)ElementType.F32);
        if (stash is < 1 or > 22 || !((ElementType)stash).IsFloat())
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"stash_type {stash} is not a floating-point type");
            return;
        }

        var stashType = (ElementType)stash;
        if (x.Dims is not { } xd)
        {
            this.SetResult(0, x);
            for (var r = 1; r < Results.Length; r++)
            {
                this.SetResultUnranked(r, stashType);
            }

            return;
        }

        var axisAttr = Attributes.GetInt("axis", -1);
        if (!ShapeHelpers.TryNormalizeAxis(axisAttr, xd.Length, out var axis))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"axis {axisAttr} is out of range for rank {xd.Length}");
            return;
        }

        for (var i = 1; i <= 2; i++)
        {
            if (this.InputDims(i) is { } sd && !NnDims.BroadcastsTo(sd, xd))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"{(i == 1 ? "Scale" : "B")} {this.InputTensor(i)} does not broadcast to X {x}");
                return;
            }
        }

        this.SetResult(0, x);
        var reduced = xd.Select((d, i) => i < axis ? d : Dim.Of(1)).ToArray();
        for (var r = 1; r < Results.Length; r++)
        {
            this.SetResult(r, stashType, reduced);
        }
    }
}
