namespace Qc.Ir.Graph;

/// <summary>Writes <c>updates</c> into a copy of <c>data</c> at <c>indices</c>: Scatter (deprecated), ScatterElements and
/// ScatterND. The result has the type of <c>data</c>.</summary>
public sealed class ScatterOp : Op
{
    internal ScatterOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>True for ScatterND (multi-dim index tuples); false for the element-wise forms.</summary>
    public bool IsNd => Schema.OpType == "ScatterND";

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } data || this.InputTensor(1) is not { } indices || this.InputTensor(2) is not { } updates)
        {
            return;
        }

        var reduction = Attributes.GetString("reduction", "none");
        if (reduction is not ("none" or "add" or "mul" or "max" or "min"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"unknown reduction '{reduction}'");
            return;
        }

        if (!IndexingChecks.IsIndexType(indices.ElementType) || (IsNd && indices.ElementType == Qc.Core.Tensors.ElementType.I32))
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"indices {indices} have an invalid element type");
            return;
        }

        if (updates.ElementType != data.ElementType)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"updates {updates} and data {data} have different element types");
            return;
        }

        if (data.Dims is { } dims && indices.Dims is { } idims && updates.Dims is { } udims && !CheckShapes(context, dims, idims, udims))
        {
            return;
        }

        this.SetResult(0, data);
    }

    private bool CheckShapes(InferenceContext context, System.Collections.Immutable.ImmutableArray<Dim> dims,
        System.Collections.Immutable.ImmutableArray<Dim> idims, System.Collections.Immutable.ImmutableArray<Dim> udims)
    {
        if (!IsNd)
        {
            if (idims.Length != dims.Length || udims.Length != dims.Length)
            {
                context.Error(this, InferenceCodes.RankMismatch, "data, indices and updates must have the same rank");
                return false;
            }

            if (idims.Zip(udims).Any(p => IndexingChecks.Differ(p.First, p.Second)))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, "indices and updates must have the same shape");
                return false;
            }

            return TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), dims.Length, out _);
        }

        if (idims.Length == 0 || idims[^1].Value is not { } k)
        {
            return true;
        }

        if (k > dims.Length)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"indices address {k} dims but data has rank {dims.Length}");
            return false;
        }

        var expected = idims.Take(idims.Length - 1).Concat(dims.Skip((int)k)).ToList();
        if (expected.Count != udims.Length || expected.Zip(udims).Any(p => IndexingChecks.Differ(p.First, p.Second)))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"updates must have shape [{string.Join("x", expected)}]");
            return false;
        }

        return true;
    }
}
