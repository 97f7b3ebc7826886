using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>The matrix mapping a onesided linear spectrum to mel bins: [floor(dft_length / 2) + 1, num_mel_bins] of the
/// <c>output_datatype</c> element type (default f32).</summary>
public sealed class MelWeightMatrixOp : Op
{
    internal MelWeightMatrixOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.ElementTypeAttribute(context, "output_datatype", ElementType.F32) is not { } type
            || this.PositiveScalar(context, 0, "num_mel_bins") is not { } bins
            || this.PositiveScalar(context, 1, "dft_length") is not { } length)
        {
            return;
        }

        this.SetResult(0, type, [SignalScalars.HalfPlusOne(length), bins]);
    }
}
