using System.Collections.Immutable;
using Onnx;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Onnx.Import;

/// <summary>Converts ONNX <c>TypeProto</c> value types to graph IR types.</summary>
internal static class OnnxValueTypes
{
    /// <summary>Converts a declared type. <paramref name="unsupported"/> describes what could not be represented, if anything.</summary>
    public static IrType ToIrType(TypeProto? type, out string? unsupported)
    {
        unsupported = null;
        if (type is null)
        {
            return IrType.Unknown;
        }

        switch (type.ValueCase)
        {
            case TypeProto.ValueOneofCase.TensorType:
            {
                var t = type.TensorType;
                var elem = ToElementType(t.ElemType, ref unsupported);
                if (t.Shape is null)
                {
                    return TensorType.Unranked(elem);
                }

                var dims = ImmutableArray.CreateBuilder<Dim>(t.Shape.Dim.Count);
                foreach (var d in t.Shape.Dim)
                {
                    dims.Add(ToDim(d));
                }

                return new TensorType(elem, dims.MoveToImmutable());
            }

            case TypeProto.ValueOneofCase.SequenceType:
                return new SequenceType(ToIrType(type.SequenceType.ElemType, out unsupported));
            case TypeProto.ValueOneofCase.OptionalType:
                return new OptionalType(ToIrType(type.OptionalType.ElemType, out unsupported));
            case TypeProto.ValueOneofCase.MapType:
                unsupported = "a map type";
                return IrType.Unknown;
            case TypeProto.ValueOneofCase.SparseTensorType:
                unsupported = "a sparse tensor type";
                return IrType.Unknown;
            case TypeProto.ValueOneofCase.OpaqueType:
                unsupported = "an opaque type";
                return IrType.Unknown;
            default:
                return IrType.Unknown;
        }
    }

    /// <summary>Converts one dimension: <c>dim_value</c> to a static size, <c>dim_param</c> to a symbol, anything else to unknown.</summary>
    public static Dim ToDim(TensorShapeProto.Types.Dimension d) => d.ValueCase switch
    {
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue when d.DimValue >= 0 => Dim.Of(d.DimValue),
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam when d.DimParam.Length > 0 => Dim.Sym(d.DimParam),
        _ => Dim.Unknown,
    };

    /// <summary>Describes why two types contradict each other, or null when they are compatible (unknown parts never contradict).</summary>
    /// <remarks>A declared tensor or sequence for an inferred optional of a compatible type is no contradiction either: the
    /// model states that the optional holds a value, which inference cannot rule out (a Loop whose carried optional the body
    /// yields as a plain value, for example, returns the initial optional only when it runs zero times).</remarks>
    public static string? Contradiction(IrType declared, IrType inferred)
    {
        switch (declared, inferred)
        {
            case (UnknownType, _) or (_, UnknownType):
                return null;
            case (TensorType d, TensorType i):
                if (d.ElementType != ElementType.Unknown && i.ElementType != ElementType.Unknown && d.ElementType != i.ElementType)
                {
                    return "element types differ";
                }

                if (d.Dims is not { } dd || i.Dims is not { } id)
                {
                    return null;
                }

                if (dd.Length != id.Length)
                {
                    return "ranks differ";
                }

                for (var k = 0; k < dd.Length; k++)
                {
                    if (dd[k].IsStatic && id[k].IsStatic && dd[k].Value != id[k].Value)
                    {
                        return $"dimension {k.ToString(System.Globalization.CultureInfo.InvariantCulture)} differs";
                    }
                }

                return null;
            case (SequenceType d, SequenceType i):
                return Contradiction(d.Element, i.Element) is { } s ? "sequence elements: " + s : null;
            case (OptionalType d, OptionalType i):
                return Contradiction(d.Element, i.Element) is { } o ? "optional element: " + o : null;
            case (TensorType or SequenceType, OptionalType i):
                return Contradiction(declared, i.Element) is { } p ? "optional element: " + p : null;
            default:
                return "one is a tensor, sequence or optional and the other is not";
        }
    }

    private static ElementType ToElementType(int value, ref string? unsupported)
    {
        if (value == 0)
        {
            return ElementType.Unknown;
        }

        if (!ElementTypes.IsDefined(value))
        {
            unsupported = $"element type {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            return ElementType.Unknown;
        }

        return (ElementType)value;
    }
}
