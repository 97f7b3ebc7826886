using System.Runtime.CompilerServices;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Type algebra shared by control-flow and sequence ops: the union of alternative types, dropping shapes, and
/// refining a declared type with an inferred one.</summary>
internal static class RegionTypes
{
    private static readonly ConditionalWeakTable<Value, IrType> s_declared = new();

    /// <summary>The type covering both alternatives (If branches, sequence elements): dims that differ become unknown and
    /// ranks that differ make the tensor unranked. Null when the kinds or element types are incompatible.</summary>
    public static IrType? Union(IrType a, IrType b)
    {
        switch (a, b)
        {
            case (UnknownType, _) or (_, UnknownType):
                return IrType.Unknown;
            case (TensorType x, TensorType y):
                if (!TryMergeElement(x.ElementType, y.ElementType, out var elem))
                {
                    return null;
                }

                if (x.Dims is not { } xd || y.Dims is not { } yd || xd.Length != yd.Length)
                {
                    return TensorType.Unranked(elem);
                }

                return new TensorType(elem, xd.Select((d, i) => d.SameAs(yd[i]) ? d : Dim.Unknown).ToArray());
            case (SequenceType x, SequenceType y):
                return Union(x.Element, y.Element) is { } se ? new SequenceType(se) : null;
            case (OptionalType x, OptionalType y):
                return Union(x.Element, y.Element) is { } oe ? new OptionalType(oe) : null;
            default:
                return null;
        }
    }

    /// <summary>The type covering a loop-carried value's type and a type the body yields for it: the <see cref="Union"/>,
    /// except that an optional and a plain tensor or sequence unite into an optional, since ONNX Loop (16+) lets the body
    /// yield a carried optional as the value it holds. Null when the kinds or element types are incompatible.</summary>
    public static IrType? UnionCarried(IrType a, IrType b) => (a, b) switch
    {
        (OptionalType o, TensorType or SequenceType) => Union(o.Element, b) is { } e ? new OptionalType(e) : null,
        (TensorType or SequenceType, OptionalType o) => Union(a, o.Element) is { } e ? new OptionalType(e) : null,
        _ => Union(a, b),
    };

    /// <summary>The type of a value that is either the empty sequence <paramref name="empty"/> or of type
    /// <paramref name="other"/>: an empty sequence holds no element, so this is <paramref name="other"/> itself (with the
    /// empty sequence's element type where <paramref name="other"/> has none). Null when the element types differ.</summary>
    public static IrType? UnionWithEmpty(IrType empty, IrType other) => other switch
    {
        SequenceType => Union(empty, other) is SequenceType u ? Refine(u, other) : null,
        _ => UnionCarried(empty, other),
    };

    /// <summary>The same type without shape information (tensors become unranked, recursively inside sequences and optionals).</summary>
    public static IrType ClearShape(IrType type) => type switch
    {
        TensorType t => TensorType.Unranked(t.ElementType),
        SequenceType s => new SequenceType(ClearShape(s.Element)),
        OptionalType o => new OptionalType(ClearShape(o.Element)),
        _ => type,
    };

    /// <summary>Combines two descriptions of the same value, keeping the more precise information of each.
    /// Null when they contradict (different kinds, element types, ranks or static sizes).</summary>
    public static IrType? Refine(IrType declared, IrType inferred)
    {
        switch (declared, inferred)
        {
            case (UnknownType, _):
                return inferred;
            case (_, UnknownType):
                return declared;
            case (TensorType d, TensorType i):
                if (!TryMergeElement(d.ElementType, i.ElementType, out var elem))
                {
                    return null;
                }

                if (d.Dims is not { } dd)
                {
                    return i.WithElementType(elem);
                }

                if (i.Dims is not { } id)
                {
                    return d.WithElementType(elem);
                }

                if (dd.Length != id.Length)
                {
                    return null;
                }

                var dims = new Dim[dd.Length];
                for (var k = 0; k < dd.Length; k++)
                {
                    if (RefineDim(dd[k], id[k]) is not { } r)
                    {
                        return null;
                    }

                    dims[k] = r;
                }

                return new TensorType(elem, dims);
            case (SequenceType d, SequenceType i):
                return Refine(d.Element, i.Element) is { } se ? new SequenceType(se) : null;
            case (OptionalType d, OptionalType i):
                return Refine(d.Element, i.Element) is { } oe ? new OptionalType(oe) : null;
            default:
                return null;
        }
    }

    /// <summary>True when every value of type <paramref name="actual"/> is also of type <paramref name="assumed"/>: same kind
    /// and element type, and each known size or symbol of the assumption holds.</summary>
    public static bool Covers(IrType assumed, IrType actual)
    {
        switch (assumed, actual)
        {
            case (UnknownType, _):
                return true;
            case (TensorType a, TensorType b):
                if (a.ElementType != ElementType.Unknown && a.ElementType != b.ElementType)
                {
                    return false;
                }

                if (a.Dims is not { } ad)
                {
                    return true;
                }

                return b.Dims is { } bd && ad.Length == bd.Length && ad.Select((d, i) => CoversDim(d, bd[i])).All(c => c);
            case (SequenceType a, SequenceType b):
                return Covers(a.Element, b.Element);
            case (OptionalType a, OptionalType b):
                return Covers(a.Element, b.Element);
            default:
                return false;
        }
    }

    /// <summary><see cref="Covers"/> for a loop-carried value: an optional also covers a plain value of its element type,
    /// which the body may yield in its place (see <see cref="UnionCarried"/>).</summary>
    public static bool CoversCarried(IrType assumed, IrType actual) => assumed is OptionalType o && actual is TensorType or SequenceType
        ? Covers(o.Element, actual) : Covers(assumed, actual);

    /// <summary>Gives a region parameter the type the op passes in (<see cref="IrType.Unknown"/> when not known), refining
    /// the type the importer declared for it. Reports a type mismatch when the two contradict, and keeps the declared type then.</summary>
    /// <remarks>The declared type is remembered the first time a parameter is seen, so inferring a module again starts from
    /// the declaration rather than from the previous run's refinement.</remarks>
    public static bool AssignParameter(InferenceContext context, Op op, Value parameter, IrType passed)
    {
        var declared = s_declared.GetValue(parameter, p => p.Type);
        if (Refine(declared, passed) is { } refined)
        {
            parameter.Type = refined;
            return true;
        }

        parameter.Type = declared;
        context.Error(op, InferenceCodes.TypeMismatch, $"region parameter {parameter} is declared {declared} but receives {passed}");
        return false;
    }

    /// <summary>Finds a region body by name, reporting a missing region.</summary>
    public static Graph? RequireRegion(InferenceContext context, Op op, string name)
    {
        if (op.FindRegion(name)?.Body is { } body)
        {
            return body;
        }

        context.Error(op, InferenceCodes.BadAttributeValue, $"missing region '{name}'");
        return null;
    }

    private static bool CoversDim(Dim assumed, Dim actual) =>
        assumed.IsStatic ? actual.IsStatic && actual.Value == assumed.Value : assumed.Symbol is null || assumed.Symbol == actual.Symbol;

    private static Dim? RefineDim(Dim declared, Dim inferred)
    {
        if (declared.IsStatic)
        {
            return inferred.IsStatic && inferred.Value != declared.Value ? null : declared;
        }

        return inferred.IsStatic || declared.Symbol is null ? inferred : declared;
    }

    private static bool TryMergeElement(ElementType a, ElementType b, out ElementType merged)
    {
        merged = a == ElementType.Unknown ? b : a;
        return a == ElementType.Unknown || b == ElementType.Unknown || a == b;
    }
}
