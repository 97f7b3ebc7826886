using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>The K largest (or smallest) elements along <c>axis</c> (default -1): values and their i64 indices.</summary>
public sealed class TopKOp : Op
{
    internal TopKOp(OpSchema schema, OpInit init)
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

        if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, x.ElementType);
            this.SetResultUnranked(1, ElementType.I64);
            return;
        }

        if (!TensorAxes.TryAxis(this, context, Attributes.GetInt("axis", -1), dims.Length, out var axis))
        {
            return;
        }

        var k = Dim.Unknown;
        if (context.GetShapeValue(Input(1)) is { } kv)
        {
            if (kv.Length != 1 || kv[0].Value < 0)
            {
                context.Error(this, InferenceCodes.BadInput, $"K [{string.Join(", ", kv)}] is not a single non-negative value");
                return;
            }

            k = kv[0];
            if (k.IsStatic && dims[axis].IsStatic && k.Value > dims[axis].Value)
            {
                context.Error(this, InferenceCodes.BadInput, $"K {k} exceeds the axis size {dims[axis]} of {x}");
                return;
            }
        }

        var output = dims.SetItem(axis, k);
        this.SetResult(0, x.ElementType, output);
        this.SetResult(1, ElementType.I64, output);
    }
}
