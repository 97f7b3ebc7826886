using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Takes a strided slice: <c>starts</c>, <c>ends</c>, optional <c>axes</c> and <c>steps</c> inputs, clamped as in ONNX.</summary>
/// <remarks>Slicing a 1-D shape value gives a shape value (as in <c>Shape(x)[0:2]</c>).</remarks>
public sealed class SliceOp : Op
{
    internal SliceOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The number of elements a slice of a dim of known size takes, following the ONNX clamping rules.</summary>
    public static long SliceLength(long dim, long start, long end, long step)
    {
        if (dim <= 0 || step == 0)
        {
            return 0;
        }

        var s = start < 0 ? start + dim : start;
        var e = end < 0 ? end + dim : end;
        if (step > 0)
        {
            s = Math.Clamp(s, 0, dim);
            e = Math.Clamp(e, 0, dim);
            return e > s ? ((e - s - 1) / step) + 1 : 0;
        }

        s = Math.Clamp(s, 0, dim - 1);
        e = Math.Clamp(e, -1, dim - 1);
        var stride = step == long.MinValue ? long.MaxValue : -step;
        return s > e ? ((s - e - 1) / stride) + 1 : 0;
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

        var starts = context.GetStaticInts(Input(1));
        var ends = context.GetStaticInts(Input(2));
        var axes = Input(3) is null ? null : context.GetStaticInts(Input(3));
        var steps = Input(4) is null ? null : context.GetStaticInts(Input(4));
        if (starts is null || ends is null || (Input(3) is not null && axes is null) || (Input(4) is not null && steps is null))
        {
            SetPartial(context, x, dims, axes);
            return;
        }

        var n = starts.Length;
        axes ??= [.. Enumerable.Range(0, n).Select(i => (long)i)];
        steps ??= [.. Enumerable.Repeat(1L, n)];
        if (ends.Length != n || axes.Length != n || steps.Length != n)
        {
            context.Error(this, InferenceCodes.BadInput, "starts, ends, axes and steps have different lengths");
            return;
        }

        if (steps.Any(s => s == 0))
        {
            context.Error(this, InferenceCodes.BadInput, "steps must not be 0");
            return;
        }

        if (TensorAxes.Normalize(this, context, axes, dims.Length) is not { } normalized)
        {
            return;
        }

        var output = dims.ToArray();
        for (var i = 0; i < n; i++)
        {
            output[normalized[i]] = SliceDim(dims[normalized[i]], starts[i], ends[i], steps[i]);
        }

        this.SetResult(0, x.ElementType, output);
        if (dims.Length == 1 && context.GetShapeValue(Input(0)) is { } sv && sv.Length == dims[0].Value)
        {
            context.SetShapeValue(Result, SliceElements(sv, starts[0], ends[0], steps[0]));
        }
    }

    private static Dim SliceDim(Dim dim, long start, long end, long step)
    {
        if (dim.IsStatic)
        {
            return Dim.Of(SliceLength(dim.Value!.Value, start, end, step));
        }

        var whole = (step == 1 && start == 0 && end >= TensorDimMath.LargeSentinel)
            || (step == -1 && (start == -1 || start >= TensorDimMath.LargeSentinel) && end <= -TensorDimMath.LargeSentinel);
        return whole ? dim : Dim.Unknown;
    }

    private static ImmutableArray<Dim> SliceElements(ImmutableArray<Dim> elements, long start, long end, long step)
    {
        long n = elements.Length;
        var count = SliceLength(n, start, end, step);
        if (count == 0)
        {
            return [];
        }

        var first = start < 0 ? start + n : start;
        first = step > 0 ? Math.Clamp(first, 0, n) : Math.Clamp(first, 0, n - 1);
        var result = ImmutableArray.CreateBuilder<Dim>((int)count);
        for (long i = 0; i < count; i++)
        {
            result.Add(elements[(int)(first + (i * step))]);
        }

        return result.MoveToImmutable();
    }

    private void SetPartial(InferenceContext context, TensorType x, ImmutableArray<Dim> dims, long[]? axes)
    {
        var output = dims.ToArray();
        IEnumerable<long>? affected = axes;
        if (affected is null && Input(3) is null && TensorAxes.StaticLength(context, Input(1)) is { } n)
        {
            affected = Enumerable.Range(0, n).Select(i => (long)i);
        }

        if (affected is null)
        {
            output = TensorDimMath.Unknowns(dims.Length);
        }
        else
        {
            foreach (var a in affected)
            {
                if (ShapeHelpers.TryNormalizeAxis(a, dims.Length, out var axis))
                {
                    output[axis] = Dim.Unknown;
                }
            }
        }

        this.SetResult(0, x.ElementType, output);
    }
}
