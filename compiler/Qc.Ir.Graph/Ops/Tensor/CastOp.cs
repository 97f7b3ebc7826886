using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Converts elements to another type: <c>Cast</c> to the <c>to</c> attribute, <c>CastLike</c> to the element type of
/// its second input. Integer shape values pass through casts to integer types.</summary>
public sealed class CastOp : Op
{
    internal CastOp(OpSchema schema, OpInit init)
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

        ElementType target;
        if (Schema.OpType == "CastLike")
        {
            if (this.InputTensor(1) is not { } like)
            {
                return;
            }

            target = like.ElementType;
        }
        else
        {
            var to = Attributes.GetInt("to", 0);
            if (!ElementTypes.IsDefined((int)Math.Clamp(to, int.MinValue, int.MaxValue)))
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"to {to} is not a known element type");
                return;
            }

            target = (ElementType)to;
        }

        this.SetResult(0, x.WithElementType(target));
        if (target.IsInteger() && ShapeValueOf(context, x) is { } sv)
        {
            context.SetShapeValue(Result, sv);
        }
    }

    private ImmutableArray<Dim>? ShapeValueOf(InferenceContext context, TensorType x)
    {
        if (context.GetShapeValue(Input(0)) is { } sv)
        {
            return sv;
        }

        if (x.ElementType.IsFloat() && x.Dims is { Length: <= 1 } && x.ElementCount is <= 64
            && context.GetStaticDoubles(Input(0)) is { } values && values.All(v => Math.Abs(v) < 1e15))
        {
            return [.. values.Select(v => Dim.Of((long)Math.Truncate(v)))];
        }

        return null;
    }
}
