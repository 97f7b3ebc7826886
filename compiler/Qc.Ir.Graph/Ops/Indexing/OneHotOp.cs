namespace Qc.Ir.Graph;

/// <summary>One-hot encodes <c>indices</c> with a new axis of size <c>depth</c> at <c>axis</c> (default -1), filled from the
/// two-element <c>values</c> input (off, on), whose element type the result takes.</summary>
public sealed class OneHotOp : Op
{
    internal OneHotOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } indices || this.InputTensor(2) is not { } values)
        {
            return;
        }

        if (values.Dims is { } vdims && (vdims.Length != 1 || IndexingChecks.Differ(vdims[0], Dim.Of(2))))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"values {values} must have two elements");
            return;
        }

        if (this.InputDims(1) is { } ddims && ddims.Length > 1)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"depth {Input(1)!.Type} is not a scalar");
            return;
        }

        if (indices.Dims is not { } dims)
        {
            this.SetResultUnranked(0, values.ElementType);
            return;
        }

        if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", -1), dims.Length + 1, out var axis))
        {
            return;
        }

        var depth = Dim.Unknown;
        if (context.GetStaticDoubles(Input(1)) is { Length: 1 } dv)
        {
            depth = Dim.Of((long)dv[0]);
        }
        else if (context.GetShapeValue(Input(1)) is { Length: 1 } sv)
        {
            depth = sv[0];
        }

        if (depth.Value < 1)
        {
            context.Error(this, InferenceCodes.BadInput, $"depth {depth} is not positive");
            return;
        }

        this.SetResult(0, values.ElementType, dims.Insert(axis, depth));
    }
}
