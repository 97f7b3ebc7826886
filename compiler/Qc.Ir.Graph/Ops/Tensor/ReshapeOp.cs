using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Reshapes a tensor to the shape given by its second input: 0 copies the input dim (unless <c>allowzero</c>), -1 is inferred.</summary>
/// <remarks>The target shape is read from constants or shape values, symbolic dims included; a reshaped shape value keeps its
/// contents. When the target's contents are not known, its length gives the rank, and a 1-D result holds all the input's
/// elements whatever the target says.</remarks>
public sealed class ReshapeOp : Op
{
    internal ReshapeOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>True when 0 in the target shape means an empty dim rather than "copy the input dim".</summary>
    public bool AllowZero => Attributes.GetInt("allowzero", 0) != 0;

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } data)
        {
            return;
        }

        if (context.GetShapeValue(Input(1)) is not { } target)
        {
            if (TensorAxes.StaticLength(context, Input(1)) is { } n && this.InputDims(1) is { Length: 1 })
            {
                this.SetResult(0, data.ElementType, n == 1 && data.Dims is { } d ? [TensorDimMath.Product(d)] : TensorDimMath.Unknowns(n));
            }
            else
            {
                this.SetResultUnranked(0, data.ElementType);
            }

            return;
        }

        if (Resolve(context, data, target) is not { } output)
        {
            return;
        }

        this.SetResult(0, data.ElementType, output);
        if (output.Length <= 1 && ShapeHelpers.StaticProduct(output) is { } count && context.GetShapeValue(Input(0)) is { } sv
            && sv.Length == count)
        {
            context.SetShapeValue(Result, sv);
        }
    }

    private Dim[]? Resolve(InferenceContext context, TensorType data, ImmutableArray<Dim> target)
    {
        var output = new Dim[target.Length];
        var inferred = -1;
        var hasZero = false;
        for (var i = 0; i < target.Length; i++)
        {
            var t = target[i];
            if (!t.IsStatic)
            {
                output[i] = t;
                continue;
            }

            var v = t.Value!.Value;
            if (v == -1)
            {
                if (inferred >= 0)
                {
                    context.Error(this, InferenceCodes.BadInput, "target shape has more than one -1");
                    return null;
                }

                inferred = i;
            }
            else if (v < -1)
            {
                context.Error(this, InferenceCodes.BadInput, $"target shape has invalid value {v}");
                return null;
            }
            else if (v == 0 && !AllowZero)
            {
                if (data.Dims is { } dims && i >= dims.Length)
                {
                    context.Error(this, InferenceCodes.BadInput, $"target shape copies dim {i} but the input has rank {dims.Length}");
                    return null;
                }

                output[i] = data.Dims is { } d ? d[i] : Dim.Unknown;
            }
            else
            {
                hasZero |= v == 0;
                output[i] = t;
            }
        }

        if (hasZero && inferred >= 0)
        {
            context.Error(this, InferenceCodes.BadInput, "target shape has both 0 and -1 with allowzero set");
            return null;
        }

        return CheckCount(context, data, output, inferred) ? output : null;
    }

    private bool CheckCount(InferenceContext context, TensorType data, Dim[] output, int inferred)
    {
        if (data.Dims is not { } inDims)
        {
            if (inferred >= 0)
            {
                output[inferred] = Dim.Unknown;
            }

            return true;
        }

        if (inferred >= 0)
        {
            var known = output.Where((_, i) => i != inferred).ToList();
            if (known.Any(d => !d.IsStatic && d.Symbol is null) || ShapeHelpers.StaticProduct(known) == 0)
            {
                output[inferred] = Dim.Unknown;
                return true;
            }

            if (TensorDimMath.Quotient(inDims, known) is not { } q)
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"cannot reshape {data} to [{string.Join(", ", output.Select((d, i) => i == inferred ? "-1" : d.ToString()))}]");
                return false;
            }

            output[inferred] = q;
            return true;
        }

        if (ShapeHelpers.StaticProduct(inDims) is { } a && ShapeHelpers.StaticProduct(output) is { } b && a != b)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"cannot reshape {data} ({a} elements) to {b} elements");
            return false;
        }

        return true;
    }
}
