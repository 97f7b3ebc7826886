using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Gathers slices of <c>data</c> along <c>axis</c> (default 0) at <c>indices</c>: the result's dims are
/// data[:axis] + indices + data[axis+1:].</summary>
/// <remarks>Gathering from a 1-D shape value with known indices gives a shape value, as in <c>Gather(Shape(x), 0)</c>.</remarks>
public sealed class GatherOp : Op
{
    internal GatherOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } data || this.InputTensor(1) is not { } indices)
        {
            return;
        }

        if (!IndexingChecks.IsIndexType(indices.ElementType))
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"indices {indices} are not i32 or i64");
            return;
        }

        if (data.Dims is not { } dims || indices.Dims is not { } idims)
        {
            this.SetResultUnranked(0, data.ElementType);
            return;
        }

        if (dims.Length == 0)
        {
            context.Error(this, InferenceCodes.RankMismatch, "data is a scalar");
            return;
        }

        if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", 0), dims.Length, out var axis))
        {
            return;
        }

        this.SetResult(0, data.ElementType, [.. dims.Take(axis), .. idims, .. dims.Skip(axis + 1)]);
        if (dims.Length == 1 && idims.Length <= 1 && context.GetShapeValue(Input(0)) is { } sv
            && context.GetStaticInts(Input(1)) is { } picks)
        {
            PropagateShapeValue(context, sv, picks);
        }
    }

    private void PropagateShapeValue(InferenceContext context, ImmutableArray<Dim> sv, long[] picks)
    {
        var result = ImmutableArray.CreateBuilder<Dim>(picks.Length);
        foreach (var p in picks)
        {
            var i = p < 0 ? p + sv.Length : p;
            if (i < 0 || i >= sv.Length)
            {
                context.Error(this, InferenceCodes.BadInput, $"index {p} is out of range for {sv.Length} elements");
                return;
            }

            result.Add(sv[(int)i]);
        }

        context.SetShapeValue(Result, result.MoveToImmutable());
    }
}
