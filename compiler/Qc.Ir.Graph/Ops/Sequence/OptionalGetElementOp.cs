namespace Qc.Ir.Graph;

/// <summary>Returns the value held by an optional; a tensor or sequence input is returned as is.</summary>
public sealed class OptionalGetElementOp : Op
{
    internal OptionalGetElementOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        switch (Input(0)?.Type)
        {
            case OptionalType o:
                if (o.Element is not UnknownType)
                {
                    this.SetResult(0, o.Element);
                }

                break;
            case TensorType or SequenceType:
                this.SetResult(0, Input(0)!.Type);
                if (context.GetShapeValue(Input(0)) is { } sv)
                {
                    context.SetShapeValue(Result, sv);
                }

                if (context.GetSequenceLength(Input(0)) is { } length)
                {
                    context.SetSequenceLength(Result, length);
                }

                break;
        }
    }
}
