namespace Qc.Ir.Graph;

/// <summary>Inserts a tensor into a sequence at an optional position; the element type becomes the union of the sequence's
/// element type and the tensor's type, which must share an element type.</summary>
/// <remarks>A sequence known to be empty (from <c>SequenceEmpty</c>) holds no element to unite with, so inserting into it
/// gives a sequence of the tensor's type. A known length grows by one.</remarks>
public sealed class SequenceInsertOp : Op
{
    internal SequenceInsertOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (!this.TryGetSequenceElement(context, 0, out var element) || !this.CheckPosition(context, 2))
        {
            return;
        }

        switch (Input(1)?.Type)
        {
            case TensorType t:
                if (RegionTypes.Union(element, t) is not { } merged)
                {
                    context.Error(this, InferenceCodes.TypeMismatch, $"cannot insert {t} into a sequence of {element}");
                    return;
                }

                var empty = context.IsEmptySequence(Input(0));
                if (empty || merged is not UnknownType)
                {
                    this.SetResult(0, new SequenceType(empty && merged is TensorType m ? t.WithElementType(m.ElementType) : empty ? t : merged));
                }

                if (context.GetSequenceLength(Input(0)) is { Value: { } n })
                {
                    context.SetSequenceLength(Result, n + 1);
                }

                break;
            case null or UnknownType:
                break;
            case var other:
                context.Error(this, InferenceCodes.TypeMismatch, $"the inserted value must be a tensor but is {other}");
                break;
        }
    }
}
