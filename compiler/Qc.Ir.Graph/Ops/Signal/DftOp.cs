using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Discrete Fourier transform along one axis of a real ([..., 1]) or complex ([..., 2]) signal (opset 20: the
/// optional <c>dft_length</c> and <c>axis</c> (default -2) are inputs).</summary>
/// <remarks>
/// The result is complex ([..., 2]); the axis dim becomes <c>dft_length</c> when given, and <c>floor(n / 2) + 1</c> for a
/// onesided forward transform. A onesided inverse transform (IRFFT) returns a real signal of <c>dft_length</c> samples; its
/// last dim is left unknown.
/// </remarks>
public sealed class DftOp : Op
{
    internal DftOp(OpSchema schema, OpInit init)
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

        var rank = dims.Length;
        if (rank < 2)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must have rank >= 2 (the last dim holds real and imaginary parts) but is {x}");
            return;
        }

        if (dims[^1] is { IsStatic: true, Value: not (1 or 2) })
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"the last dim of the input must be 1 (real) or 2 (complex) but is {dims[^1]}");
            return;
        }

        var onesided = Attributes.GetInt("onesided", 0) != 0;
        var inverse = Attributes.GetInt("inverse", 0) != 0;
        Dim last = onesided && inverse ? Dim.Unknown : 2;
        if (this.PositiveScalar(context, 1, "dft_length") is not { } length || Axis(context, rank) is not { } axis)
        {
            return;
        }

        if (axis < 0)
        {
            var unknownAxis = onesided || Input(1) is not null ? ImmutableArray.CreateRange(Enumerable.Repeat(Dim.Unknown, rank)) : dims;
            this.SetResult(0, x.ElementType, unknownAxis.SetItem(rank - 1, last));
            return;
        }

        var n = Input(1) is null ? dims[axis] : length;
        if (onesided)
        {
            n = inverse ? (Input(1) is null ? Dim.Unknown : length) : SignalScalars.HalfPlusOne(n);
        }

        this.SetResult(0, x.ElementType, dims.SetItem(axis, n).SetItem(rank - 1, last));
    }

    private int? Axis(InferenceContext context, int rank)
    {
        long axis = -2;
        if (Input(2) is { } a)
        {
            if (context.GetStaticInts(a) is not { } values)
            {
                return -1;
            }

            if (values.Length != 1)
            {
                context.Error(this, InferenceCodes.BadInput, $"axis must be a scalar but has {values.Length} values");
                return null;
            }

            axis = values[0];
        }

        if (axis >= 0 ? axis > rank - 2 : axis < -rank || axis > -2)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"axis {axis} is out of range [-{rank}, -2] or [0, {rank - 2}]");
            return null;
        }

        return (int)(axis < 0 ? axis + rank : axis);
    }
}
