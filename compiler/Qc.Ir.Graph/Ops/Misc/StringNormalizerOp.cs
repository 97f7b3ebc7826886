using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Normalizes strings (case change, stopword removal) of a [C] or [1, C] string tensor.</summary>
/// <remarks>Removing stopwords changes C, so the last dim is unknown unless there are no stopwords.</remarks>
public sealed class StringNormalizerOp : Op
{
    internal StringNormalizerOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var action = Attributes.GetString("case_change_action", "NONE");
        if (action is not ("NONE" or "LOWER" or "UPPER"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"case_change_action '{action}' must be LOWER, UPPER or NONE");
            return;
        }

        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (x.ElementType is not (ElementType.String or ElementType.Unknown))
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"input must be a string tensor but is {x}");
            return;
        }

        if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, ElementType.String);
            return;
        }

        if (dims.Length is not (1 or 2) || (dims.Length == 2 && dims[0] is { IsStatic: true, Value: not 1 }))
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must be [C] or [1, C] but is {x}");
            return;
        }

        var keepsAll = Attributes.GetStrings("stopwords") is not { Length: > 0 };
        this.SetResult(0, ElementType.String, keepsAll ? dims : dims.SetItem(dims.Length - 1, Dim.Unknown));
    }
}
