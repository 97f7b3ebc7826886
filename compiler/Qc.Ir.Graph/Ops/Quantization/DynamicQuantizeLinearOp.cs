using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Dynamic u8 quantization of a float tensor (ONNX DynamicQuantizeLinear): results y (u8, x's shape), y_scale
/// (f32 scalar) and y_zero_point (u8 scalar).</summary>
public sealed class DynamicQuantizeLinearOp : Op
{
    internal DynamicQuantizeLinearOp(OpSchema schema, OpInit init)
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

        if (x.ElementType != ElementType.Unknown && !x.ElementType.IsFloat())
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"input must be a float tensor but is {x}");
            return;
        }

        this.SetResult(0, x.WithElementType(ElementType.U8));
        this.SetResult(1, ElementType.F32, []);
        this.SetResult(2, ElementType.U8, []);
    }
}
