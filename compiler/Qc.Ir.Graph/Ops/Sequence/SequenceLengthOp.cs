using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>The number of elements of a sequence, as an i64 scalar; a known sequence length becomes its shape value.</summary>
public sealed class SequenceLengthOp : Op
{
    internal SequenceLengthOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (Input(0)?.Type is TensorType or OptionalType)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"input must be a sequence but is {Input(0)!.Type}");
            return;
        }

        this.SetResult(0, new TensorType(ElementType.I64));
        if (context.GetSequenceLength(Input(0)) is { } length)
        {
            context.SetShapeValue(Result, [length]);
        }
    }
}
