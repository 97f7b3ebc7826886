using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Samples class indices from [batch, classes] unnormalized log-probabilities: a [batch, sample_size] tensor of the
/// <c>dtype</c> element type (i32 or i64, default i32).</summary>
public sealed class MultinomialOp : Op
{
    internal MultinomialOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.ElementTypeAttribute(context, "dtype", ElementType.I32) is not { } elem)
        {
            return;
        }

        if (elem is not (ElementType.I32 or ElementType.I64))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"dtype must be i32 or i64 but is {elem.Name()}");
            return;
        }

        var samples = Attributes.GetInt("sample_size", 1);
        if (samples < 1)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"sample_size {samples} must be positive");
            return;
        }

        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (x.Dims is { Length: not 2 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must be [batch, classes] but is {x}");
            return;
        }

        this.SetResult(0, elem, [x.Dims is { } d ? d[0] : Dim.Unknown, samples]);
    }
}
