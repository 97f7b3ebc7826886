using Google.Protobuf;
using Onnx;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Onnx.Export;

/// <summary>Graph IR types and attribute values as ONNX messages (the inverse of the importer's conversions).</summary>
internal static class OnnxTypes
{
    /// <summary>A <c>ValueInfoProto</c>; an unknown type gives none (ONNX Runtime infers it).</summary>
    public static ValueInfoProto ValueInfo(string name, IrType type)
    {
        var vi = new ValueInfoProto { Name = name };
        if (ToTypeProto(type) is { } t)
        {
            vi.Type = t;
        }

        return vi;
    }

    /// <summary>A <c>TypeProto</c>: symbolic dims become <c>dim_param</c>, unknown dims a dimension with neither field, unknown rank no shape.</summary>
    public static TypeProto? ToTypeProto(IrType type)
    {
        switch (type)
        {
            case TensorType t:
                {
                    var tensor = new TypeProto.Types.Tensor { ElemType = t.ElementType == ElementType.Unknown ? 0 : (int)t.ElementType };
                    if (t.Dims is { } dims)
                    {
                        var shape = new TensorShapeProto();
                        foreach (var d in dims)
                        {
                            var dim = new TensorShapeProto.Types.Dimension();
                            if (d.Value is { } v)
                            {
                                dim.DimValue = v;
                            }
                            else if (d.Symbol is { } s)
                            {
                                dim.DimParam = s;
                            }

                            shape.Dim.Add(dim);
                        }

                        tensor.Shape = shape;
                    }

                    return new TypeProto { TensorType = tensor };
                }

            case SequenceType s:
                return new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = ToTypeProto(s.Element) } };
            case OptionalType o:
                return new TypeProto { OptionalType = new TypeProto.Types.Optional { ElemType = ToTypeProto(o.Element) } };
            default:
                return null;
        }
    }

    /// <summary>An <c>AttributeProto</c> of the matching kind.</summary>
    public static AttributeProto Attribute(string name, AttributeValue value)
    {
        var a = new AttributeProto { Name = name };
        switch (value)
        {
            case IntAttr i:
                a.Type = AttributeProto.Types.AttributeType.Int;
                a.I = i.Value;
                break;
            case FloatAttr f:
                a.Type = AttributeProto.Types.AttributeType.Float;
                a.F = f.Value;
                break;
            case StringAttr s:
                a.Type = AttributeProto.Types.AttributeType.String;
                a.S = ByteString.CopyFromUtf8(s.Value);
                break;
            case IntsAttr i:
                a.Type = AttributeProto.Types.AttributeType.Ints;
                a.Ints.AddRange(i.Values);
                break;
            case FloatsAttr f:
                a.Type = AttributeProto.Types.AttributeType.Floats;
                a.Floats.AddRange(f.Values);
                break;
            case StringsAttr s:
                a.Type = AttributeProto.Types.AttributeType.Strings;
                a.Strings.AddRange(s.Values.Select(ByteString.CopyFromUtf8));
                break;
            case TensorAttr t:
                a.Type = AttributeProto.Types.AttributeType.Tensor;
                a.T = OnnxTensors.FromTensorData(t.Value);
                break;
            case TypeAttr t:
                a.Type = AttributeProto.Types.AttributeType.TypeProto;
                a.Tp = ToTypeProto(t.Value) ?? new TypeProto();
                break;
            default:
                throw new System.Diagnostics.UnreachableException(value.GetType().Name);
        }

        return a;
    }
}
