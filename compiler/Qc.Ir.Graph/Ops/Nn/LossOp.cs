using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Classification losses: NegativeLogLikelihoodLoss (input, target, weight) and SoftmaxCrossEntropyLoss (scores,
/// labels, weights; optional second result log_prob of the scores' type and shape).</summary>
/// <remarks>Scores are (N, C, d1..dk) and labels (N, d1..dk); with reduction "none" the loss has the labels' shape, else
/// it is a scalar.</remarks>
public sealed class LossOp : Op
{
    internal LossOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } scores || this.InputTensor(1) is not { } labels)
        {
            return;
        }

        var reduction = Attributes.GetString("reduction", "mean");
        if (reduction is not ("none" or "sum" or "mean"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"reduction '{reduction}' is not none, sum or mean");
            return;
        }

        if (labels.ElementType is not ElementType.Unknown && !labels.ElementType.IsInteger())
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"labels must be integers but are {labels}");
            return;
        }

        if (!CheckShapes(context, scores, labels))
        {
            return;
        }

        var elem = scores.ElementType;
        if (reduction != "none")
        {
            this.SetResult(0, elem, []);
        }
        else if (labels.Dims is { } ld)
        {
            this.SetResult(0, elem, MergeBatch(ld, scores.Dims));
        }
        else if (scores.Dims is { } sd)
        {
            this.SetResult(0, elem, [sd[0], .. sd[2..]]);
        }
        else
        {
            this.SetResultUnranked(0, elem);
        }

        this.SetResult(1, scores);
    }

    private bool CheckShapes(InferenceContext context, TensorType scores, TensorType labels)
    {
        var sd = scores.Dims;
        if (sd is { Length: < 2 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"scores must have rank at least 2 but are {scores}");
            return false;
        }

        if (sd is { } s && labels.Dims is { } l)
        {
            if (l.Length != s.Length - 1)
            {
                context.Error(this, InferenceCodes.RankMismatch, $"labels {labels} must have rank one less than scores {scores}");
                return false;
            }

            if (NnDims.Conflict(s[0], l[0]) || s.Skip(2).Zip(l.Skip(1)).Any(p => NnDims.Conflict(p.First, p.Second)))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"labels {labels} do not match scores {scores}");
                return false;
            }
        }

        return NnDims.CheckVector(this, context, 2, "weight", sd is { } w ? w[1] : Dim.Unknown);
    }

    private static ImmutableArray<Dim> MergeBatch(ImmutableArray<Dim> labels, ImmutableArray<Dim>? scores)
    {
        if (scores is not { } s)
        {
            return labels;
        }

        return [.. labels.Select((d, i) => NnDims.Unify(d, s[i == 0 ? 0 : i + 1]))];
    }
}
