using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Produces the number of elements of the input as an i64 scalar (and as a shape value when known).</summary>
public sealed class SizeOp : Op
{
    internal SizeOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        this.SetResult(0, ElementType.I64, []);
        if (x.Dims is { } dims && TensorDimMath.Product(dims) is var count && (count.IsStatic || count.Symbol is not null))
        {
            context.SetShapeValue(Result, [count]);
        }
    }
}
