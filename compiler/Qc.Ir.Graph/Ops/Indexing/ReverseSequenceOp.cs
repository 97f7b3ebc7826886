namespace Qc.Ir.Graph;

/// <summary>Reverses the first <c>sequence_lens[b]</c> elements along <c>time_axis</c> for each batch entry along
/// <c>batch_axis</c>; the result has the input's type.</summary>
public sealed class ReverseSequenceOp : Op
{
    internal ReverseSequenceOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        var batchAxis = Attributes.GetInt("batch_axis", 1);
        var timeAxis = Attributes.GetInt("time_axis", 0);
        if (batchAxis is not (0 or 1) || timeAxis is not (0 or 1) || batchAxis == timeAxis)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"batch_axis {batchAxis} and time_axis {timeAxis} must be 0 and 1");
            return;
        }

        if (x.Dims is { Length: < 2 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input {x} has rank below 2");
            return;
        }

        if (x.Dims is { } dims && this.InputDims(1) is { } ldims
            && (ldims.Length != 1 || IndexingChecks.Differ(ldims[0], dims[(int)batchAxis])))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"sequence_lens {Input(1)!.Type} does not match the batch size of {x}");
            return;
        }

        this.SetResult(0, x);
    }
}
