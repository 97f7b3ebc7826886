namespace Qc.Ir.Graph;

/// <summary>Builds a sequence from its tensor inputs, which must share an element type; the element type is the union of
/// the inputs' types (dims that differ become unknown). Its length is the number of inputs.</summary>
public sealed class SequenceConstructOp : Op
{
    internal SequenceConstructOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        IrType? element = null;
        for (var i = 0; i < Inputs.Count; i++)
        {
            switch (Input(i)?.Type)
            {
                case TensorType t:
                    var merged = element is null ? t : RegionTypes.Union(element, t);
                    if (merged is null)
                    {
                        context.Error(this, InferenceCodes.TypeMismatch, $"input {i} is {t} but earlier inputs are {element}");
                        return;
                    }

                    element = merged;
                    break;
                case null or UnknownType:
                    return;
                case var other:
                    context.Error(this, InferenceCodes.TypeMismatch, $"input {i} must be a tensor but is {other}");
                    return;
            }
        }

        if (element is not null)
        {
            this.SetResult(0, new SequenceType(element));
            context.SetSequenceLength(Result, Inputs.Count);
        }
    }
}
