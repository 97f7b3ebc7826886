namespace Qc.Ir.Graph;

/// <summary>Returns the sequence element at a position: the result has the sequence's element type.</summary>
public sealed class SequenceAtOp : Op
{
    internal SequenceAtOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.TryGetSequenceElement(context, 0, out var element) && this.CheckPosition(context, 1))
        {
            this.SetResult(0, element);
        }
    }
}
