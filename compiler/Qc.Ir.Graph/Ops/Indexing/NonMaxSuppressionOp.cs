using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Selects boxes by non-maximum suppression: i64 [count, 3] rows of (batch, class, box index); count is not known statically.</summary>
public sealed class NonMaxSuppressionOp : Op
{
    internal NonMaxSuppressionOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is { Dims: { } boxes } b && (boxes.Length != 3 || IndexingChecks.Differ(boxes[2], Dim.Of(4))))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"boxes {b} must have shape [batch, boxes, 4]");
            return;
        }

        if (this.InputTensor(1) is { Dims: { } scores } s && scores.Length != 3)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"scores {s} must have shape [batch, classes, boxes]");
            return;
        }

        if (this.InputDims(0) is { } bd && this.InputDims(1) is { } sd
            && (IndexingChecks.Differ(bd[0], sd[0]) || IndexingChecks.Differ(bd[1], sd[2])))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"boxes {Input(0)!.Type} and scores {Input(1)!.Type} do not agree");
            return;
        }

        this.SetResult(0, ElementType.I64, [Dim.Unknown, Dim.Of(3)]);
    }
}
