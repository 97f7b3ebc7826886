using System.Collections.Immutable;
using System.Globalization;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph.Tests.Ops.ControlFlow;

/// <summary>Helpers for the control-flow, sequence, recurrent, signal and misc op tests: typed inputs from "2x{b}x?"
/// text, region bodies, and diagnostics checks.</summary>
internal static class RegionKit
{
    /// <summary>A tensor type from an element type and "2x{b}x?" dims ("" is a scalar, "*" is unranked).</summary>
    public static TensorType Tensor(ElementType elem, string dims) => dims == "*" ? TensorType.Unranked(elem)
        : new(elem, (ImmutableArray<Dim>?)(dims.Length == 0 ? [] : dims.Split('x').Select(ParseDim).ToImmutableArray()));

    /// <summary>Adds a graph input of a tensor type given as "2x{b}x?" dims.</summary>
    public static Value Arg(this OpTestHelpers h, string name, ElementType elem, string dims) => h.Input(name, Tensor(elem, dims));

    /// <summary>Adds a graph input of any type (sequences, optionals).</summary>
    public static Value ArgOf(this OpTestHelpers h, string name, IrType type) => h.Main.AddParameter(h.Module.UniqueName(name), type);

    /// <summary>Adds a scalar constant.</summary>
    public static Value ScalarConst<T>(this OpTestHelpers h, string name, T value)
        where T : unmanaged => h.Const(name, TensorData.Scalar(value));

    /// <summary>Creates a region body with parameters.</summary>
    public static Graph Body(this OpTestHelpers h, string name, params (string Name, IrType Type)[] parameters)
    {
        var g = new Graph(name);
        foreach (var (n, t) in parameters)
        {
            g.AddParameter(h.Module.UniqueName(n), t);
        }

        return g;
    }

    /// <summary>Appends an op to a region body.</summary>
    public static Op In(this OpTestHelpers h, Graph body, string mnemonic, Value?[] inputs, AttributeMap? attributes = null, int results = 1) =>
        h.Module.AddOp(body, Schema(mnemonic), inputs, attributes, resultCount: results);

    /// <summary>Appends an op with regions to the main graph.</summary>
    public static Op WithRegions(this OpTestHelpers h, string mnemonic, Value?[] inputs, (string Name, Graph Body)[] regions,
        AttributeMap? attributes = null, int results = 1) =>
        h.Module.AddOp(h.Main, Schema(mnemonic), inputs, attributes, resultCount: results, regions: regions.Select(r => new Region(r.Name, r.Body)));

    /// <summary>The printed type of a result.</summary>
    public static string TypeAt(this Op op, int index = 0) => op.Results[index].Type.ToString();

    /// <summary>True when a diagnostic with the code was reported.</summary>
    public static bool Reported(this OpTestHelpers h, int code) => h.Diagnostics.Any(d => d.Code.Number == code);

    /// <summary>Infers and asserts that the given code, and no internal error, was reported.</summary>
    public static void InferExpecting(this OpTestHelpers h, int code)
    {
        h.Infer();
        Assert.True(h.Reported(code), $"expected QC{code}, got: {string.Join("; ", h.Diagnostics.Select(d => d.Code.Number + " " + d.Message))}");
        Assert.False(h.Reported(9002), "internal error during inference");
    }

    /// <summary>Infers and asserts that nothing was reported.</summary>
    public static void InferClean(this OpTestHelpers h)
    {
        h.Infer();
        Assert.True(h.Diagnostics.Count == 0, string.Join("; ", h.Diagnostics.Select(d => d.Code.Number + " " + d.Message)));
    }

    private static OpSchema Schema(string mnemonic) =>
        OpRegistry.Default.TryGetByMnemonic(mnemonic, out var s) ? s : throw new InvalidOperationException($"no op '{mnemonic}'");

    private static Dim ParseDim(string s) => s == "?" ? Dim.Unknown
        : s.StartsWith('{') ? Dim.Sym(s[1..^1]) : Dim.Of(long.Parse(s, CultureInfo.InvariantCulture));
}
