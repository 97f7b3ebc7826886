using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Concatenates tensors of equal rank along <c>axis</c>; other dims must agree.</summary>
/// <remarks>Concatenating 1-D shape values gives a shape value, so <c>Concat(Shape(x)[0:1], [-1])</c> stays known.</remarks>
public sealed class ConcatOp : Op
{
    internal ConcatOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var types = new List<TensorType>();
        foreach (var v in Inputs)
        {
            if (v?.Type is not TensorType t)
            {
                return;
            }

            types.Add(t);
        }

        if (types.Count == 0)
        {
            context.Error(this, InferenceCodes.BadInput, "no inputs");
            return;
        }

        if (!Attributes.Contains("axis"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, "the required attribute axis is missing");
            return;
        }

        var elem = types.Select(t => t.ElementType).FirstOrDefault(e => e != ElementType.Unknown);
        if (types.Any(t => t.ElementType != ElementType.Unknown && t.ElementType != elem))
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"inputs have different element types: {string.Join(", ", types)}");
            return;
        }

        var ranked = types.Where(t => t.HasRank).ToList();
        if (ranked.Count == 0)
        {
            this.SetResultUnranked(0, elem);
            return;
        }

        var rank = ranked[0].Rank;
        if (ranked.Any(t => t.Rank != rank))
        {
            context.Error(this, InferenceCodes.RankMismatch, $"inputs have different ranks: {string.Join(", ", types)}");
            return;
        }

        if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), rank, out var axis))
        {
            return;
        }

        if (Merge(context, ranked, rank, axis) is not { } output)
        {
            return;
        }

        if (ranked.Count < types.Count)
        {
            output[axis] = Dim.Unknown;
        }

        this.SetResult(0, elem, output);
        PropagateShapeValue(context, rank);
    }

    private Dim[]? Merge(InferenceContext context, List<TensorType> ranked, int rank, int axis)
    {
        var output = new Dim[rank];
        for (var i = 0; i < rank; i++)
        {
            if (i == axis)
            {
                output[i] = TensorDimMath.Sum(ranked.Select(t => t.Dims!.Value[i]));
                continue;
            }

            var merged = ranked[0].Dims!.Value[i];
            foreach (var t in ranked.Skip(1))
            {
                if (!TensorDimMath.TryMerge(merged, t.Dims!.Value[i], out merged))
                {
                    context.Error(this, InferenceCodes.ShapeMismatch, $"inputs differ in dim {i}: {string.Join(", ", ranked)}");
                    return null;
                }
            }

            output[i] = merged;
        }

        return output;
    }

    private void PropagateShapeValue(InferenceContext context, int rank)
    {
        if (rank != 1)
        {
            return;
        }

        var all = ImmutableArray.CreateBuilder<Dim>();
        foreach (var v in Inputs)
        {
            if (context.GetShapeValue(v) is not { } sv)
            {
                return;
            }

            all.AddRange(sv);
        }

        context.SetShapeValue(Result, all.ToImmutable());
    }
}
