using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Creates a 2-D tensor shaped like its input with ones on the <c>k</c>-th diagonal, of type <c>dtype</c> (default: the input's).</summary>
public sealed class EyeLikeOp : Op
{
    internal EyeLikeOp(OpSchema schema, OpInit init)
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

        var elem = x.ElementType;
        if (Attributes.Contains("dtype"))
        {
            var dtype = Attributes.GetInt("dtype", 0);
            if (!ElementTypes.IsDefined((int)Math.Clamp(dtype, int.MinValue, int.MaxValue)))
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"dtype {dtype} is not a known element type");
                return;
            }

            elem = (ElementType)dtype;
        }

        if (x.Dims is { Length: not 2 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input {x} is not 2-D");
            return;
        }

        this.SetResult(0, x.WithElementType(elem));
    }
}
