using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Produces the input's dims from <c>start</c> to <c>end</c> as a 1-D i64 tensor, and records them (symbols
/// included) as the result's shape value.</summary>
public sealed class ShapeOp : Op
{
    internal ShapeOp(OpSchema schema, OpInit init)
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

        if (x.Dims is not { } dims)
        {
            this.SetResult(0, ElementType.I64, [Dim.Unknown]);
            return;
        }

        var rank = dims.Length;
        var start = Clamp(Attributes.GetInt("start", 0), rank);
        var end = Clamp(Attributes.GetInt("end", rank), rank);
        var elements = end > start ? dims[start..end] : [];
        this.SetResult(0, ElementType.I64, [Dim.Of(elements.Length)]);
        context.SetShapeValue(Result, elements);
    }

    private static int Clamp(long index, int rank) => (int)Math.Clamp(index < 0 ? index + rank : index, 0, rank);
}
