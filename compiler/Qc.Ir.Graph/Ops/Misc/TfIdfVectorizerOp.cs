using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Counts n-grams of a [C] or [N, C] tensor into f32 features: [max(ngram_indexes) + 1] or [N, max(ngram_indexes) + 1].</summary>
public sealed class TfIdfVectorizerOp : Op
{
    internal TfIdfVectorizerOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var mode = Attributes.GetString("mode", "");
        if (mode is not ("TF" or "IDF" or "TFIDF"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"mode '{mode}' must be TF, IDF or TFIDF");
            return;
        }

        if (Attributes.GetInts("ngram_indexes") is not { Length: > 0 } indexes || indexes.Any(i => i < 0))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, "ngram_indexes must be non-empty and non-negative");
            return;
        }

        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (x.ElementType is not (ElementType.String or ElementType.I32 or ElementType.I64 or ElementType.Unknown))
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"input must be a string, i32 or i64 tensor but is {x}");
            return;
        }

        Dim features = indexes.Max() + 1;
        switch (x.Dims)
        {
            case null:
                this.SetResultUnranked(0, ElementType.F32);
                break;
            case { Length: 1 }:
                this.SetResult(0, ElementType.F32, [features]);
                break;
            case { Length: 2 } d:
                this.SetResult(0, ElementType.F32, [d[0], features]);
                break;
            default:
                context.Error(this, InferenceCodes.RankMismatch, $"input must be [C] or [N, C] but is {x}");
                break;
        }
    }
}
