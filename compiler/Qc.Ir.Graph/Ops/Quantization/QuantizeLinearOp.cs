using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Linear quantization (ONNX QuantizeLinear, opset 21): y = saturate(round(x / y_scale) + y_zero_point).</summary>
/// <remarks>y has x's shape; its element type is y_zero_point's when present, else output_dtype, else u8.</remarks>
public sealed class QuantizeLinearOp : Op
{
    internal QuantizeLinearOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || this.InputTensor(1) is null)
        {
            return;
        }

        ElementType? zeroPoint = null;
        if (Input(2) is not null && (zeroPoint = NnDims.KnownElementType(this, 2)) is null)
        {
            return;
        }

        var dtype = Attributes.GetInt("output_dtype", 0);
        if (dtype != 0 && !IsQuantizedType(dtype))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"output_dtype {dtype} is not a quantized element type");
            return;
        }

        if (dtype != 0 && zeroPoint is { } zp && (long)zp != dtype)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"output_dtype {((ElementType)dtype).Name()} does not match the zero point type {zp.Name()}");
            return;
        }

        if (!QuantScales.Check(this, context, x, 1, 2))
        {
            return;
        }

        var elem = zeroPoint ?? (dtype != 0 ? (ElementType)dtype : ElementType.U8);
        this.SetResult(0, x.WithElementType(elem));
    }

    private static bool IsQuantizedType(long dtype) => dtype is >= 1 and <= 22
        && ((ElementType)dtype is ElementType.I8 or ElementType.U8 or ElementType.I16 or ElementType.U16 or ElementType.I4 or ElementType.U4
            or ElementType.F8E4M3FN or ElementType.F8E4M3FNUZ or ElementType.F8E5M2 or ElementType.F8E5M2FNUZ);
}
