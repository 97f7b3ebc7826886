namespace Qc.Ir.Graph;

/// <summary>Removes the element at an optional position (default the last) from a sequence: the result has the input's type
/// and, when the input's length is known, one element less.</summary>
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
            if (context.GetSequenceLength(Input(0)) is { Value: { } n } && n > 0)
            {
                context.SetSequenceLength(Result, n - 1);
            }
        }
    }
}
