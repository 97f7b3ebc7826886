using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Tells, as a bool scalar, whether an optional holds a value (true for a plain tensor or sequence, false for an absent input).</summary>
public sealed class OptionalHasElementOp : Op
{
    internal OptionalHasElementOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context) => this.SetResult(0, new TensorType(ElementType.Bool));
}
