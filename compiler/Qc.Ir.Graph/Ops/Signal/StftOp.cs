namespace Qc.Ir.Graph;

/// <summary>Short-time Fourier transform of a [batch, signal_length(, 1 or 2)] signal with a frame step and a window or
/// frame length; the result is [batch, frames, bins, 2].</summary>
/// <remarks><c>frames = floor((signal_length - frame_length) / frame_step) + 1</c>; <c>bins</c> is
/// <c>floor(frame_length / 2) + 1</c> when <c>onesided</c> (default 1) and <c>frame_length</c> otherwise.</remarks>
public sealed class StftOp : Op
{
    internal StftOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } signal)
        {
            return;
        }

        if (signal.Dims is { Length: not (2 or 3) })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"signal must be [batch, length, 1 or 2] but is {signal}");
            return;
        }

        if (this.PositiveScalar(context, 1, "frame_step") is not { } step || FrameLength(context) is not { } frame)
        {
            return;
        }

        Dim batch = signal.Dims is { } d ? d[0] : Dim.Unknown, length = signal.Dims is { } e ? e[1] : Dim.Unknown;
        var frames = Dim.Unknown;
        if (length.IsStatic && frame.IsStatic && step.IsStatic)
        {
            if (length.Value < frame.Value)
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"frame length {frame} exceeds the signal length {length}");
                return;
            }

            frames = ((length.Value!.Value - frame.Value!.Value) / step.Value!.Value) + 1;
        }

        var bins = Attributes.GetInt("onesided", 1) != 0 ? SignalScalars.HalfPlusOne(frame) : frame;
        this.SetResult(0, signal.ElementType, [batch, frames, bins, 2]);
    }

    private Dim? FrameLength(InferenceContext context)
    {
        if (this.PositiveScalar(context, 3, "frame_length") is not { } frame)
        {
            return null;
        }

        if (this.InputDims(2) is not { } window)
        {
            return frame;
        }

        if (window.Length != 1)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"window must have rank 1 but is {this.InputTensor(2)}");
            return null;
        }

        if (frame.IsStatic && window[0].IsStatic && frame.Value != window[0].Value)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"window length {window[0]} differs from frame_length {frame}");
            return null;
        }

        return Input(3) is null || (!frame.IsStatic && window[0].IsStatic) ? window[0] : frame;
    }
}
