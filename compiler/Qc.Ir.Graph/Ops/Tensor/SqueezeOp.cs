namespace Qc.Ir.Graph;

/// <summary>Removes dims of size 1: those named by the optional <c>axes</c> input, or every static 1 when absent.</summary>
/// <remarks>When <c>axes</c> has a known length but unknown contents, only dims that may be 1 (static 1 or not static) can
/// be removed; each result dim is known when every choice of that many such dims puts the same dim there (with a single
/// static 1 in <c>1x3x4</c>, one axis leaves <c>3x4</c>).</remarks>
public sealed class SqueezeOp : Op
{
    internal SqueezeOp(OpSchema schema, OpInit init)
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
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        List<Dim> output;
        if (Input(1) is null)
        {
            if (dims.Any(d => !d.IsStatic))
            {
                this.SetResultUnranked(0, x.ElementType);
                return;
            }

            output = [.. dims.Where(d => d.Value != 1)];
        }
        else if (context.GetStaticInts(Input(1)) is { } axes)
        {
            if (TensorAxes.Normalize(this, context, axes, dims.Length) is not { } normalized)
            {
                return;
            }

            foreach (var a in normalized)
            {
                if (dims[a].IsStatic && dims[a].Value != 1)
                {
                    context.Error(this, InferenceCodes.ShapeMismatch, $"cannot squeeze axis {a} of size {dims[a]} in {x}");
                    return;
                }
            }

            output = [.. dims.Where((_, i) => !normalized.Contains(i))];
        }
        else
        {
            if (TensorAxes.StaticLength(context, Input(1)) is { } n && n <= dims.Length)
            {
                if (Remaining(dims, n) is not { } remaining)
                {
                    context.Error(this, InferenceCodes.ShapeMismatch, $"cannot squeeze {n} axes of {x}: fewer dims may have size 1");
                    return;
                }

                this.SetResult(0, x.ElementType, remaining);
            }
            else
            {
                this.SetResultUnranked(0, x.ElementType);
            }

            return;
        }

        this.SetResult(0, x.ElementType, output);
        if (output.Count == 0 && context.GetShapeValue(Input(0)) is { Length: 1 } sv)
        {
            context.SetShapeValue(Result, sv);
        }
    }

    /// <summary>The dims left after removing <paramref name="count"/> unknown axes, each known when every valid choice of
    /// axes agrees on it; null when fewer than <paramref name="count"/> dims may be 1.</summary>
    /// <remarks>Result dim <c>j</c> is input dim <c>p</c> (for <c>j &lt;= p &lt;= j + count</c>) when <c>p - j</c> of the dims
    /// before <c>p</c> and the other removed dims after it may be 1.</remarks>
    private static Dim[]? Remaining(IReadOnlyList<Dim> dims, int count)
    {
        var mayBeOne = dims.Select(d => !d.IsStatic || d.Value == 1).ToArray();
        var before = new int[dims.Count + 1];
        for (var p = 0; p < dims.Count; p++)
        {
            before[p + 1] = before[p] + (mayBeOne[p] ? 1 : 0);
        }

        if (before[dims.Count] < count)
        {
            return null;
        }

        var output = new Dim[dims.Count - count];
        for (var j = 0; j < output.Length; j++)
        {
            Dim? merged = null;
            for (var p = j; p <= j + count; p++)
            {
                var removedBefore = p - j;
                var after = before[dims.Count] - before[p + 1];
                if (before[p] < removedBefore || after < count - removedBefore)
                {
                    continue;
                }

                merged = merged is not { } m ? dims[p] : m.SameAs(dims[p]) ? m : Dim.Unknown;
            }

            output[j] = merged ?? Dim.Unknown;
        }

        return output;
    }
}
