namespace Qc.Ir.Graph;

/// <summary>Applies the <c>body</c> to each element of the input sequence (and the matching elements of further sequence
/// inputs, or further tensor inputs as a whole), producing one sequence per body output.</summary>
/// <remarks>The body's parameters receive the element types of sequence inputs and the types of tensor inputs; result
/// <c>i</c> is a sequence of the body's output <c>i</c> type, as long as the first input sequence.</remarks>
public sealed class SequenceMapOp : Op
{
    internal SequenceMapOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (RegionTypes.RequireRegion(context, this, "body") is not { } body)
        {
            return;
        }

        if (body.Parameters.Count != Inputs.Count)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"body has {body.Parameters.Count} parameters but the op has {Inputs.Count} inputs");
            return;
        }

        var ok = true;
        for (var i = 0; i < Inputs.Count; i++)
        {
            switch (Input(i)?.Type)
            {
                case SequenceType s:
                    ok &= RegionTypes.AssignParameter(context, this, body.Parameters[i], s.Element);
                    break;
                case TensorType t when i > 0:
                    ok &= RegionTypes.AssignParameter(context, this, body.Parameters[i], t);
                    break;
                case null or UnknownType:
                    ok &= RegionTypes.AssignParameter(context, this, body.Parameters[i], IrType.Unknown);
                    break;
                case var other:
                    context.Error(this, InferenceCodes.TypeMismatch, $"input {i} must be a sequence{(i > 0 ? " or a tensor" : "")} but is {other}");
                    ok = false;
                    break;
            }
        }

        context.InferGraph(body);
        if (!ok)
        {
            return;
        }

        if (body.Outputs.Count != Results.Length)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"body yields {body.Outputs.Count} values but the op has {Results.Length} results");
            return;
        }

        for (var i = 0; i < Results.Length; i++)
        {
            if (body.Outputs[i].Type is not UnknownType)
            {
                this.SetResult(i, new SequenceType(body.Outputs[i].Type));
            }

            if (context.GetSequenceLength(Input(0)) is { } length)
            {
                context.SetSequenceLength(Results[i], length);
            }
        }
    }
}
