namespace Qc.Ir.Graph;

/// <summary>Splits a tensor along <c>axis</c> into one result per output: by the optional <c>split</c> input, or into equal
/// parts (<c>num_outputs</c>, the last part smaller when uneven).</summary>
/// <remarks>A <c>split</c> of unknown contents still determines the sizes when there is one output (the whole axis) or the
/// axis is empty (every part empty).</remarks>
public sealed class SplitOp : Op
{
    internal SplitOp(OpSchema schema, OpInit init)
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

        var n = Results.Length;
        if (Attributes.Contains("num_outputs") && Attributes.GetInt("num_outputs", n) != n)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"num_outputs is {Attributes.GetInt("num_outputs", n)} but the op has {n} results");
            return;
        }

        if (x.Dims is not { } dims)
        {
            for (var i = 0; i < n; i++)
            {
                this.SetResultUnranked(i, x.ElementType);
            }

            return;
        }

        if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), dims.Length, out var axis))
        {
            return;
        }

        if (Sizes(context, dims[axis]) is not { } sizes)
        {
            return;
        }

        for (var i = 0; i < n; i++)
        {
            var output = dims.ToArray();
            output[axis] = sizes[i];
            this.SetResult(i, x.ElementType, output);
        }
    }

    private Dim[]? Sizes(InferenceContext context, Dim dim)
    {
        var n = Results.Length;
        if (Input(1) is { } splitInput)
        {
            if (context.GetStaticInts(splitInput) is not { } split)
            {
                return n == 1 ? [dim] : dim.Value == 0 ? [.. Enumerable.Repeat(Dim.Of(0), n)] : TensorDimMath.Unknowns(n);
            }

            if (split.Length != n || split.Any(s => s < 0))
            {
                context.Error(this, InferenceCodes.BadInput, $"split [{string.Join(", ", split)}] does not give {n} non-negative sizes");
                return null;
            }

            if (dim.IsStatic && split.Sum() != dim.Value)
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"split sizes sum to {split.Sum()} but the axis has size {dim}");
                return null;
            }

            return [.. split.Select(Dim.Of)];
        }

        if (n == 1)
        {
            return [dim];
        }

        if (!dim.IsStatic)
        {
            return TensorDimMath.Unknowns(n);
        }

        var total = dim.Value!.Value;
        var chunk = (total + n - 1) / n;
        var last = total - (chunk * (n - 1));
        if (last < 0)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"axis of size {total} cannot be split into {n} parts");
            return null;
        }

        return [.. Enumerable.Repeat(Dim.Of(chunk), n - 1), Dim.Of(last)];
    }
}
