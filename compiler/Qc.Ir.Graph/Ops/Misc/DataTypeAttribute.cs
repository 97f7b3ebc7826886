using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Reads attributes holding an ONNX <c>TensorProto.DataType</c> value (dtype, output_datatype).</summary>
internal static class DataTypeAttribute
{
    /// <summary>The element type named by an integer attribute, or <paramref name="fallback"/> when absent; null (reported)
    /// when the value is not a known element type.</summary>
    public static ElementType? ElementTypeAttribute(this Op op, InferenceContext context, string attribute, ElementType fallback)
    {
        if (!op.Attributes.Contains(attribute))
        {
            return fallback;
        }

        var value = op.Attributes.GetInt(attribute, 0);
        if (value is < 1 or > int.MaxValue || !ElementTypes.IsDefined((int)value))
        {
            context.Error(op, InferenceCodes.BadAttributeValue, $"{attribute} {value} is not a known element type");
            return null;
        }

        return (ElementType)value;
    }
}
