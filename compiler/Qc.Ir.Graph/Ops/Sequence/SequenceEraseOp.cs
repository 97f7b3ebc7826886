namespace Qc.Ir.Graph;

/// <summary>Removes the element at an optional position (default the last) from a sequence: the result has the input's type.</summary>
public sealed class SequenceEraseOp : Op
{
    internal SequenceEraseOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.TryGetSequenceElement(context, 0, out var element) && this.CheckPosition(context, 1))
        {
            this.SetResult(0, new SequenceType(element));
        }
    }
}
