namespace Qc.Ir.Graph;

/// <summary>Splits a tensor along <c>axis</c> into a sequence: into pieces of size 1 without a <c>split</c> input (the axis
/// removed when <c>keepdims</c> is 0), into equal chunks for a scalar <c>split</c>, or into the listed lengths for a 1-D one.</summary>
/// <remarks>The element type's axis dim is known only when every piece has the same static length. The sequence length is
/// the axis size without <c>split</c>, the number of chunks for a scalar one, and the number of lengths for a 1-D one.</remarks>
public sealed class SplitToSequenceOp : Op
{
    internal SplitToSequenceOp(OpSchema schema, OpInit init)
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

        if (x.Dims is not { } dims)
        {
            this.SetResult(0, new SequenceType(TensorType.Unranked(x.ElementType)));
            return;
        }

        var axis = Attributes.GetInt("axis", 0);
        if (!ShapeHelpers.TryNormalizeAxis(axis, dims.Length, out var a))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"axis {axis} is out of range for {x}");
            return;
        }

        if (Input(1) is null)
        {
            var keep = Attributes.GetInt("keepdims", 1) != 0;
            this.SetResult(0, new SequenceType(new TensorType(x.ElementType, keep ? dims.SetItem(a, 1) : dims.RemoveAt(a))));
            context.SetSequenceLength(Result, dims[a]);
            return;
        }

        if (PieceLength(context, dims[a]) is { } piece)
        {
            this.SetResult(0, new SequenceType(new TensorType(x.ElementType, dims.SetItem(a, piece))));
            context.SetSequenceLength(Result, PieceCount(context, dims[a]));
        }
    }

    private Dim PieceCount(InferenceContext context, Dim total)
    {
        if (this.InputDims(1) is not { } splitDims || splitDims.Length > 1)
        {
            return Dim.Unknown;
        }

        if (splitDims.Length == 1)
        {
            return splitDims[0];
        }

        if (context.GetStaticInts(Input(1)) is not [var chunk and > 0])
        {
            return Dim.Unknown;
        }

        return total.IsStatic ? Dim.Of((total.Value!.Value + chunk - 1) / chunk) : chunk == 1 ? total : Dim.Unknown;
    }

    private Dim? PieceLength(InferenceContext context, Dim total)
    {
        if (context.GetStaticInts(Input(1)) is not { Length: > 0 } split)
        {
            return Dim.Unknown;
        }

        if (split.Any(s => s < 0) || (this.InputTensor(1)?.Dims is { Length: 0 } && split[0] == 0))
        {
            context.Error(this, InferenceCodes.BadInput, $"split lengths [{string.Join(", ", split)}] must be positive");
            return null;
        }

        if (this.InputTensor(1)?.Dims is { Length: 0 })
        {
            var chunk = split[0];
            return total.IsStatic ? (total.Value!.Value <= chunk ? total : total.Value % chunk == 0 ? Dim.Of(chunk) : Dim.Unknown) : Dim.Unknown;
        }

        if (total.IsStatic && split.Sum() != total.Value)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"split lengths [{string.Join(", ", split)}] do not sum to the axis size {total}");
            return null;
        }

        return split.All(s => s == split[0]) ? Dim.Of(split[0]) : Dim.Unknown;
    }
}
