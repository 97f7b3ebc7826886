using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Runs <c>then_branch</c> or <c>else_branch</c> depending on a bool scalar condition.</summary>
/// <remarks>Each result is the union of the two branches' outputs (same element type; dims that differ become unknown,
/// ranks that differ make the result unranked). When the condition is a known constant the taken branch's types are used.</remarks>
public sealed class IfOp : Op
{
    internal IfOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var thenBody = RegionTypes.RequireRegion(context, this, "then_branch");
        var elseBody = RegionTypes.RequireRegion(context, this, "else_branch");
        if (thenBody is null || elseBody is null)
        {
            return;
        }

        context.InferGraph(thenBody);
        context.InferGraph(elseBody);
        if (!CheckCondition(context))
        {
            return;
        }

        if (thenBody.Outputs.Count != elseBody.Outputs.Count || thenBody.Outputs.Count != Results.Length)
        {
            context.Error(this, InferenceCodes.BadAttributeValue,
                $"then_branch yields {thenBody.Outputs.Count} values and else_branch {elseBody.Outputs.Count} but the op has {Results.Length} results");
            return;
        }

        var taken = context.GetStaticInts(Input(0)) is [var c] ? (c != 0 ? thenBody : elseBody) : null;
        for (var i = 0; i < Results.Length; i++)
        {
            var t = thenBody.Outputs[i];
            var e = elseBody.Outputs[i];
            if (RegionTypes.Union(t.Type, e.Type) is not { } union)
            {
                context.Error(this, InferenceCodes.TypeMismatch, $"result {i} is {t.Type} in then_branch but {e.Type} in else_branch");
                continue;
            }

            var chosen = taken?.Outputs[i];
            this.SetResult(i, chosen?.Type is { } ct and not UnknownType ? ct : union);
            PropagateShapeValue(context, i, chosen, t, e);
        }
    }

    private bool CheckCondition(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } cond)
        {
            return true;
        }

        if (cond.ElementType != ElementType.Unknown && cond.ElementType != ElementType.Bool)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"cond must be a bool tensor but is {cond}");
            return false;
        }

        if (cond.ElementCount is { } n && n != 1)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"cond must hold a single element but is {cond}");
            return false;
        }

        return true;
    }

    private void PropagateShapeValue(InferenceContext context, int index, Value? chosen, Value t, Value e)
    {
        if (chosen is not null)
        {
            if (context.GetShapeValue(chosen) is { } cv)
            {
                context.SetShapeValue(Results[index], cv);
            }

            return;
        }

        if (context.GetShapeValue(t) is { } tv && context.GetShapeValue(e) is { } ev && tv.Length == ev.Length)
        {
            context.SetShapeValue(Results[index], [.. tv.Select((d, k) => d.SameAs(ev[k]) ? d : Dim.Unknown)]);
        }
    }
}
