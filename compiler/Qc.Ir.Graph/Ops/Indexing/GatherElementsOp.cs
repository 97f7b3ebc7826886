namespace Qc.Ir.Graph;

/// <summary>Gathers single elements of <c>data</c> along <c>axis</c>: the result has the shape of <c>indices</c>.</summary>
public sealed class GatherElementsOp : Op
{
    internal GatherElementsOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } data || this.InputTensor(1) is not { } indices)
        {
            return;
        }

        if (!IndexingChecks.IsIndexType(indices.ElementType))
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"indices {indices} are not i32 or i64");
            return;
        }

        if (data.Dims is { } dims && indices.Dims is { } idims)
        {
            if (dims.Length != idims.Length || dims.Length == 0)
            {
                context.Error(this, InferenceCodes.RankMismatch, $"data {data} and indices {indices} need the same rank of at least 1");
                return;
            }

            if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), dims.Length, out _))
            {
                return;
            }
        }

        this.SetResult(0, indices.WithElementType(data.ElementType));
    }
}
