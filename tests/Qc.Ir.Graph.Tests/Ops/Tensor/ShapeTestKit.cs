using System.Collections.Immutable;
using System.Globalization;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph.Tests.Ops;

/// <summary>Small helpers for the tensor, reduction and indexing op tests.</summary>
internal static class ShapeTestKit
{
    /// <summary>Parses "2x{b}x?" into dims ("" is a scalar).</summary>
    public static Dim[] ParseDims(string text) => text.Length == 0 ? [] : [.. text.Split('x').Select(ParseDim)];

    /// <summary>A tensor type from an element type and "2x{b}x?" dims.</summary>
    public static TensorType Type(ElementType elem, string dims) => new(elem, (ImmutableArray<Dim>?)ParseDims(dims).ToImmutableArray());

    /// <summary>Adds a graph input with "2x{b}x?" dims.</summary>
    public static Value In(this OpTestHelpers h, string name, ElementType elem, string dims) => h.Input(name, Type(elem, dims));

    /// <summary>Adds a scalar constant.</summary>
    public static Value Scalar<T>(this OpTestHelpers h, string name, T value)
        where T : unmanaged => h.Const(name, TensorData.Scalar(value));

    /// <summary>The printed type of a result.</summary>
    public static string TypeOf(this Op op, int index = 0) => op.Results[index].Type.ToString();

    /// <summary>The shape value of a value printed as "[a, b]", or "none".</summary>
    public static string ShapeValueOf(this InferenceContext context, Value value) =>
        context.GetShapeValue(value) is { } sv ? "[" + string.Join(", ", sv) + "]" : "none";

    /// <summary>True when a diagnostic with the code was reported.</summary>
    public static bool HasCode(this OpTestHelpers h, int code) => h.Diagnostics.Any(d => d.Code.Number == code);

    /// <summary>Parses "1,-2,3" into longs ("" is empty).</summary>
    public static long[] Longs(string text) => text.Length == 0 ? [] :
        [.. text.Split(',').Select(s => long.Parse(s.Trim(), CultureInfo.InvariantCulture))];

    private static Dim ParseDim(string s) => s == "?" ? Dim.Unknown
        : s.StartsWith('{') ? Dim.Sym(s[1..^1]) : Dim.Of(long.Parse(s, CultureInfo.InvariantCulture));
}
