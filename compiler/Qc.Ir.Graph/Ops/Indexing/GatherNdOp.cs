namespace Qc.Ir.Graph;

/// <summary>Gathers slices of <c>data</c> addressed by the last dim of <c>indices</c>, after <c>batch_dims</c> shared leading dims.</summary>
/// <remarks>The result's dims are indices[:-1] + data[batch_dims + indices[-1]:].</remarks>
public sealed class GatherNdOp : Op
{
    internal GatherNdOp(OpSchema schema, OpInit init)
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

        if (indices.ElementType is not (Qc.Core.Tensors.ElementType.I64 or Qc.Core.Tensors.ElementType.Unknown))
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"indices {indices} are not i64");
            return;
        }

        if (data.Dims is not { } dims || indices.Dims is not { } idims)
        {
            this.SetResultUnranked(0, data.ElementType);
            return;
        }

        var b = Attributes.GetInt("batch_dims", 0);
        if (dims.Length < 1 || idims.Length < 1 || b < 0 || b >= Math.Min(dims.Length, idims.Length))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"batch_dims {b} does not fit data {data} and indices {indices}");
            return;
        }

        for (var i = 0; i < b; i++)
        {
            if (IndexingChecks.Differ(dims[i], idims[i]))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"batch dim {i} differs between data {data} and indices {indices}");
                return;
            }
        }

        if (idims[^1].Value is not { } last)
        {
            this.SetResultUnranked(0, data.ElementType);
            return;
        }

        if (last < 1 || last > dims.Length - b)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"indices {indices} address {last} dims but data {data} has {dims.Length - b} after the batch dims");
            return;
        }

        this.SetResult(0, data.ElementType, [.. idims.Take(idims.Length - 1), .. dims.Skip((int)(b + last))]);
    }
}
